package io.memoryd.tools.load;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a load run does: {@code clients} concurrent synthesize loops (none: an idle baseline of the probes)
 * over {@code agents} for {@code duration} or until {@code maxRequests} calls were made (0 = no limit), plus
 * {@code healthPerSecond} health probes per second and a resource sample every {@code samplePeriod}.
 *
 * @param warmUp load before the measured part, while the JIT compilers of every process are still busy
 *     (latencies not recorded; failed and empty answers are still counted)
 * @param thinkTime pause of each client between its calls (zero: closed loop, as fast as answers come)
 * @param expectedErrors gRPC status codes a caller may get under this run's faults (typed errors the
 *     script expects); any other error fails the run
 */
public record LoadPlan(int clients, Duration duration, int maxRequests, int healthPerSecond, List<String> agents,
        int maxTokens, Duration synthesizeDeadline, Duration samplePeriod, Duration thinkTime,
        Set<String> expectedErrors, Duration warmUp) {

    public LoadPlan {
        if (clients < 0 || agents.isEmpty() || warmUp.isNegative()) {
            throw new IllegalArgumentException("a load run needs a client count >= 0, at least one agent and no negative warm-up");
        }
        agents = List.copyOf(agents);
        expectedErrors = Set.copyOf(expectedErrors);
    }
}
