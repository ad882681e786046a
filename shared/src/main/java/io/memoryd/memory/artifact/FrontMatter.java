package io.memoryd.memory.artifact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, insertion-ordered front-matter map. Values are {@code null}, {@link String}, {@link Long},
 * {@link Double}, {@link Boolean} or an unmodifiable {@link List} of those scalars.
 */
public final class FrontMatter {

    private static final FrontMatter EMPTY = new FrontMatter(new LinkedHashMap<>());

    private final Map<String, Object> entries;

    private FrontMatter(LinkedHashMap<String, Object> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The empty front matter. */
    public static FrontMatter empty() {
        return EMPTY;
    }

    /** Starts a builder that keeps insertion order. */
    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder seeded with these entries, for copy-and-modify. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(entries));
    }

    /** The entries in insertion order (read-only). */
    public Map<String, Object> entries() {
        return entries;
    }

    public boolean containsKey(String key) {
        return entries.containsKey(key);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The raw value (may be null for an explicit null or a missing key). */
    public Object get(String key) {
        return entries.get(key);
    }

    /** The value when it is string-typed (an empty string counts). */
    public Optional<String> string(String key) {
        return entries.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The value when it is string-typed, else null. */
    public String stringOrNull(String key) {
        return entries.get(key) instanceof String s ? s : null;
    }

    /** Whether the value is an integer or floating number. */
    public boolean isNumber(String key) {
        return entries.get(key) instanceof Long || entries.get(key) instanceof Double;
    }

    /** The numeric value as a long, or {@code fallback} when the value is not a number. */
    public long longOr(String key, long fallback) {
        Object v = entries.get(key);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return (long) d.doubleValue();
        }
        return fallback;
    }

    /** The string elements of an array value; empty when the value is not an array. */
    public List<String> stringElements(String key) {
        if (!(entries.get(key) instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrontMatter other && entries.equals(other.entries)
                && List.copyOf(entries.keySet()).equals(List.copyOf(other.entries.keySet()));
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    /** Mutable builder; setting an existing key keeps its position, a new key is appended. */
    public static final class Builder {
        private final LinkedHashMap<String, Object> entries;

        private Builder(LinkedHashMap<String, Object> entries) {
            this.entries = entries;
        }

        public Builder put(String key, Object value) {
            entries.put(key, normalizeValue(value));
            return this;
        }

        public Builder putIfAbsent(String key, Object value) {
            if (!entries.containsKey(key)) {
                put(key, value);
            }
            return this;
        }

        public Builder remove(String key) {
            entries.remove(key);
            return this;
        }

        public FrontMatter build() {
            return new FrontMatter(new LinkedHashMap<>(entries));
        }

        private static Object normalizeValue(Object value) {
            if (value instanceof Integer i) {
                return i.longValue();
            }
            if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>(list.size());
                for (Object o : list) {
                    copy.add(o instanceof Integer i ? i.longValue() : o);
                }
                return Collections.unmodifiableList(copy);
            }
            return value;
        }
    }
}
