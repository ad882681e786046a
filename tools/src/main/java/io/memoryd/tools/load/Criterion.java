package io.memoryd.tools.load;

import java.util.List;

/** One pass criterion of a script: what was measured, against what limit, and whether it held. */
public record Criterion(String name, String measured, String limit, boolean passed) {

    public static boolean allPassed(List<Criterion> criteria) {
        return criteria.stream().allMatch(Criterion::passed);
    }
}
