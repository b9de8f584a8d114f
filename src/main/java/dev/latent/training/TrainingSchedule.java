package dev.latent.training;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Registers the scheduled training check (cron or fixed delay, from {@code latent.training.*}) and the poll
 * for models trained by another instance.
 */
@Configuration
public class TrainingSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(TrainingSchedule.class);

    private final TrainingProperties properties;
    private final TrainingService training;
    private final Clock clock;

    public TrainingSchedule(TrainingProperties properties, TrainingService training, Clock clock) {
        this.properties = properties;
        this.training = training;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.external()) {
            log.info("Training is left to an external engine (latent.training.engine=external); "
                    + "looking for new model versions every {}", properties.modelPoll());
        } else if (properties.scheduled()) {
            Runnable check = () -> check();
            if (properties.cron() != null && !properties.cron().isBlank()) {
                registrar.addCronTask(check, properties.cron());
                log.info("Training checks for changed ratings on cron '{}'", properties.cron());
            } else {
                registrar.addFixedDelayTask(new FixedDelayTask(
                        check, properties.interval(), properties.initialDelay()));
                log.info("Training checks for changed ratings every {}", properties.interval());
            }
        }
        registrar.addFixedDelayTask(new FixedDelayTask(
                () -> guarded("model poll", () -> {
                    training.loadNewerModel();
                    return Optional.empty();
                }), properties.modelPoll(), properties.modelPoll()));
    }

    /**
     * One scheduled check: trains when the ratings changed since the served model (see
     * {@link TrainingService#trainIfChanged()}). The scheduler calls it on each tick; tests call it directly
     * and wait for the end of the run it queued instead of watching a wall clock.
     *
     * @return the end of the run this check queued, or empty
     */
    Optional<Future<?>> check() {
        return guarded("scheduled training check", training::trainIfChanged);
    }

    private Optional<Future<?>> guarded(String what, java.util.function.Supplier<Optional<Future<?>>> task) {
        try {
            return task.get();
        } catch (RuntimeException e) {
            log.warn("The {} failed at {}: {}", what, clock.instant(), e.getMessage());
            return Optional.empty();
        }
    }
}
