package dev.latent.training;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Training as an operator watches it: runs by outcome and trigger, their duration, the time of each phase,
 * whether a run is going on (Prometheus names in docs/operations.md), and one log line per finished phase,
 * with its values also as SLF4J key-value pairs (fields of the JSON lines of
 * {@code logging.structured.format.console=ecs} or {@code logstash}).
 */
@Component
class TrainingMetrics {

    private static final Logger log = LoggerFactory.getLogger(TrainingMetrics.class);

    private final MeterRegistry registry;
    private final AtomicInteger running = new AtomicInteger();

    TrainingMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("latent.training.running", running, AtomicInteger::get)
                .description("1 while a training run is going on in this instance").register(registry);
        for (String outcome : new String[] {"succeeded", "failed"}) {
            for (String trigger : new String[] {"manual", "scheduled"}) {
                runs(outcome, trigger); // visible at 0 from the start, so rate() and alerts work before any run
            }
        }
    }

    /** Follows one run: its phases and its end. Used from the single training thread only. */
    final class RunTracker {

        private final long runId;
        private final String trigger;
        private final long startNanos = System.nanoTime();
        private String phase;
        private long phaseStart;
        private int iterations;
        private double lastLoss = Double.NaN;

        private RunTracker(long runId, String trigger) {
            this.runId = runId;
            this.trigger = trigger;
            running.incrementAndGet();
        }

        /** A phase starts (and the one before ends). */
        void phase(String name) {
            endPhase("done");
            phase = name;
            phaseStart = System.nanoTime();
            iterations = 0;
            lastLoss = Double.NaN;
        }

        /** An iteration of the current phase ended with this training loss. */
        void iteration(double loss) {
            iterations++;
            lastLoss = loss;
        }

        /** The run ended: {@code succeeded} or {@code failed}. */
        void finished(String outcome) {
            endPhase(outcome.equals("succeeded") ? "done" : outcome);
            long nanos = System.nanoTime() - startNanos;
            runs(outcome, trigger).increment();
            Timer.builder("latent.training.duration").description("time of a whole run, by outcome")
                    .tag("outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
            running.decrementAndGet();
        }

        private void endPhase(String end) {
            if (phase == null) {
                return;
            }
            long nanos = System.nanoTime() - phaseStart;
            Timer.builder("latent.training.phase").description("time of each phase of a run (snapshot, fits, saving)")
                    .tag("phase", phase).register(registry).record(nanos, TimeUnit.NANOSECONDS);
            long ms = nanos / 1_000_000;
            String loss = Double.isNaN(lastLoss) ? "" : String.format(java.util.Locale.ROOT, "%.6f", lastLoss);
            log.atInfo().setMessage("training phase run={} phase={} end={} iterations={} loss={} ms={}")
                    .addArgument(runId).addArgument(phase).addArgument(end).addArgument(iterations).addArgument(loss)
                    .addArgument(ms)
                    .addKeyValue("run", runId).addKeyValue("phase", phase).addKeyValue("end", end)
                    .addKeyValue("iterations", iterations).addKeyValue("loss", loss).addKeyValue("ms", ms).log();
            phase = null;
        }
    }

    RunTracker track(long runId, String trigger) {
        return new RunTracker(runId, trigger);
    }

    private Counter runs(String outcome, String trigger) {
        return Counter.builder("latent.training.runs").description("training runs ended, by outcome and trigger")
                .tag("outcome", outcome).tag("trigger", trigger).register(registry);
    }
}
