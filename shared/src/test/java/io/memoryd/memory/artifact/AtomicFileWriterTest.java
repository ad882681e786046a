package io.memoryd.memory.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: whole files only, durable names, and a publish that never replaces when asked not to. */
class AtomicFileWriterTest {

    @TempDir
    Path dir;

    /** What the directory looked like each time the writer synced it. */
    private final List<String> syncs = new ArrayList<>();

    private AtomicFileWriter recordingWriter(Path target) {
        return new AtomicFileWriter(false, directory -> syncs.add(directory + " target="
                + (Files.exists(target) ? Files.readString(target) : "<none>") + " temps=" + temps()));
    }

    private List<String> temps() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void write_syncsTheDirectoryAfterTheRename() {
        Path target = dir.resolve("a--manifest.md");

        recordingWriter(target).write(target, "one");
        recordingWriter(target).write(target, "two");

        assertEquals(List.of(dir + " target=one temps=[]", dir + " target=two temps=[]"), syncs);
    }

    @Test
    void writeNew_syncsTheDirectoryAfterTheLinkWithTheTempFileGone() throws IOException {
        Path target = dir.resolve("a--summary.md");

        assertTrue(recordingWriter(target).writeNew(target, "first"));

        assertEquals(List.of(dir + " target=first temps=[]"), syncs);
        assertEquals("first", Files.readString(target));
    }

    @Test
    void writeNew_leavesAnExistingFileAsItIsAndSaysSo() throws IOException {
        Path target = dir.resolve("a--summary.md");
        Files.writeString(target, "existing");

        assertFalse(recordingWriter(target).writeNew(target, "other"));

        assertEquals("existing", Files.readString(target));
        assertEquals(List.of(), temps());
        assertEquals(List.of(), syncs);
    }

    @Test
    void writeNew_ofOneNameByTwoThreadsAtOnce_createsItExactlyOnce() throws Exception {
        AtomicFileWriter writer = new AtomicFileWriter(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                Path target = dir.resolve("r" + round + "--summary.md");
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Boolean>> created = new ArrayList<>();
                for (String text : List.of("A", "B")) {
                    created.add(threads.submit(() -> {
                        together.await();
                        return writer.writeNew(target, text);
                    }));
                }
                boolean a = created.get(0).get();
                boolean b = created.get(1).get();

                assertTrue(a ^ b, "round " + round + ": created by A " + a + ", by B " + b);
                assertEquals(a ? "A" : "B", Files.readString(target));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(), temps());
    }

    @Test
    void theDefaultFsyncWriterSyncsARealDirectory() throws IOException {
        Path target = dir.resolve("sub").resolve("a--manifest.md");

        new AtomicFileWriter(true).write(target, "synced");
        assertTrue(new AtomicFileWriter(true).writeNew(dir.resolve("sub").resolve("b--summary.md"), "new"));

        assertEquals("synced", Files.readString(target));
    }
}
