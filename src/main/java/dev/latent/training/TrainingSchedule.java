package dev.latent.training;

import java.time.Instant;
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

    public TrainingSchedule(TrainingProperties properties, TrainingService training) {
        this.properties = properties;
        this.training = training;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.external()) {
            log.info("Training is left to an external engine (latent.training.engine=external); "
                    + "looking for new model versions every {}", properties.modelPoll());
        } else if (properties.scheduled()) {
            Runnable check = this::check;
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
                () -> guarded("model poll", training::loadNewerModel), properties.modelPoll(), properties.modelPoll()));
    }

    /**
     * One scheduled check: trains when the ratings changed since the served model (see
     * {@link TrainingService#trainIfChanged()}). The scheduler calls it on each tick; tests call it directly.
     */
    void check() {
        guarded("scheduled training check", training::trainIfChanged);
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("The {} failed at {}: {}", what, Instant.now(), e.getMessage());
        }
    }
}
