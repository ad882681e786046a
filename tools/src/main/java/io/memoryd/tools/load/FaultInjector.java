package io.memoryd.tools.load;

import io.memoryd.memory.artifact.ArtifactFileName;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The faults of a chaos run, on its own thread while the load runs: {@code kill -9} of a random ready
 * renderer every {@code killEveryMillis}, one {@code SIGSTOP} longer than the request deadline, and file
 * churn in {@code memory/} (artifacts rewritten in place of themselves, moved away and back, notes dropped
 * and removed). Everything it changes on disk it puts back in {@link #stopAndRestore}, so that the
 * workspace ends as it began and a fresh daemon must render what the first one rendered before the chaos.
 */
public final class FaultInjector {

    /** How often and how hard to hit. */
    public record Schedule(long killEveryMillis, long stopMillis, long stopAtMillis, long churnEveryMillis) {
    }

    private final LoadRun run;
    private final DaemonTarget target;
    private final Path memoryDir;
    private final Path aside;
    private final Schedule schedule;
    private final Random random;
    private final PrintStream progress;
    private final List<String> artifacts;
    private final Deque<String> movedAway = new ArrayDeque<>();
    private final Deque<Path> notes = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long stoppedPid = -1;
    private int kills;
    private int churns;

    public FaultInjector(LoadRun run, DaemonTarget target, Path home, Schedule schedule, long seed, PrintStream progress)
            throws IOException {
        this.run = run;
        this.target = target;
        this.memoryDir = home.resolve("memory");
        this.aside = Files.createDirectories(home.resolve(".memoryd").resolve("chaos-aside"));
        this.schedule = schedule;
        this.random = new Random(seed);
        this.progress = progress;
        String[] names = memoryDir.toFile().list();
        this.artifacts = names == null ? List.of()
                : Arrays.stream(names).filter(ArtifactFileName::matches).filter(n -> n.endsWith("--summary.md"))
                        .sorted().toList();
        this.thread = new Thread(this::loop, "chaos-faults");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public int kills() {
        return kills;
    }

    public int churns() {
        return churns;
    }

    private void loop() {
        long nextKill = schedule.killEveryMillis();
        long nextChurn = schedule.churnEveryMillis();
        long stopUntil = -1;
        while (!stopped) {
            long now = run.now();
            try {
                if (now >= nextKill) {
                    killRandomRenderer();
                    nextKill += schedule.killEveryMillis();
                }
                if (stoppedPid < 0 && stopUntil < 0 && now >= schedule.stopAtMillis()) {
                    stopUntil = stopRandomRenderer() ? now + schedule.stopMillis() : -1;
                }
                if (stoppedPid > 0 && now >= stopUntil) {
                    resume();
                }
                if (now >= nextChurn && !artifacts.isEmpty()) {
                    churn();
                    nextChurn += schedule.churnEveryMillis();
                }
                Thread.sleep(20); // the fault clock's tick; faults are due at times, not on signals
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                progress.println("chaos: fault failed: " + e);
            }
        }
    }

    private List<RendererSlotStatus> ready() {
        List<RendererSlotStatus> ready = new ArrayList<>();
        for (RendererSlotStatus s : target.pool().getSlotsList()) {
            if (s.getState() == RendererState.RENDERER_READY && s.getPid() > 0 && s.getPid() != stoppedPid) {
                ready.add(s);
            }
        }
        return ready;
    }

    private void killRandomRenderer() throws IOException, InterruptedException {
        List<RendererSlotStatus> ready = ready();
        if (ready.isEmpty()) {
            return;
        }
        RendererSlotStatus victim = ready.get(random.nextInt(ready.size()));
        DaemonTarget.signal(victim.getPid(), "KILL");
        kills++;
        run.mark("kill -9 renderer " + victim.getRendererId() + " (pid " + victim.getPid() + ")");
    }

    private boolean stopRandomRenderer() throws IOException, InterruptedException {
        List<RendererSlotStatus> ready = ready();
        if (ready.isEmpty()) {
            return false;
        }
        RendererSlotStatus victim = ready.get(random.nextInt(ready.size()));
        DaemonTarget.signal(victim.getPid(), "STOP");
        stoppedPid = victim.getPid();
        run.mark("SIGSTOP renderer " + victim.getRendererId() + " (pid " + victim.getPid() + ") for "
                + schedule.stopMillis() + " ms");
        return true;
    }

    private void resume() throws IOException, InterruptedException {
        if (DaemonTarget.alive(stoppedPid)) {
            DaemonTarget.signal(stoppedPid, "CONT");
            run.mark("SIGCONT pid " + stoppedPid);
        }
        stoppedPid = 0; // one stop per run
    }

    /** One step of file churn, rotating through rewrite, move away, move back, note in, note out. */
    private void churn() throws IOException {
        String name = artifacts.get(random.nextInt(artifacts.size()));
        switch (churns++ % 5) {
            case 0 -> {
                Path file = memoryDir.resolve(name);
                if (Files.exists(file)) {
                    Path temp = memoryDir.resolve(name + ".tmp-chaos");
                    Files.write(temp, Files.readAllBytes(file));
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    run.mark("rewrite " + name);
                }
            }
            case 1 -> {
                if (Files.exists(memoryDir.resolve(name)) && !movedAway.contains(name)) {
                    Files.move(memoryDir.resolve(name), aside.resolve(name));
                    movedAway.push(name);
                    run.mark("delete " + name);
                }
            }
            case 2 -> {
                if (!movedAway.isEmpty()) {
                    String back = movedAway.pop();
                    Files.move(aside.resolve(back), memoryDir.resolve(back));
                    run.mark("re-create " + back);
                }
            }
            case 3 -> {
                Path note = memoryDir.resolve("chaos-note-" + churns + ".md");
                Files.writeString(note, "## Chaos note " + churns + "\n\nA hand-made note dropped into memory/ while"
                        + " renderers were being killed; it must show up and then go away again cleanly.\n");
                notes.push(note);
                run.mark("note " + note.getFileName());
            }
            default -> {
                if (!notes.isEmpty()) {
                    Path note = notes.pop();
                    Files.deleteIfExists(note);
                    run.mark("remove note " + note.getFileName());
                }
            }
        }
    }

    /** Stops injecting, resumes a stopped renderer and puts every file back as it was. */
    public void stopAndRestore() throws IOException, InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5000);
        if (stoppedPid > 0 && DaemonTarget.alive(stoppedPid)) {
            DaemonTarget.signal(stoppedPid, "CONT");
        }
        while (!movedAway.isEmpty()) {
            String back = movedAway.pop();
            Files.move(aside.resolve(back), memoryDir.resolve(back));
        }
        while (!notes.isEmpty()) {
            Files.deleteIfExists(notes.pop());
        }
        run.mark("faults stopped; files restored");
    }
}
