package dev.latent.training;

import dev.latent.web.ConflictException;
import java.time.Duration;
import java.util.Map;

/**
 * A training run was requested from a service that leaves training to an external engine
 * ({@code latent.training.engine=external}): 409, naming the setting and where models come from instead.
 */
public class ExternalTrainingException extends ConflictException {

    public ExternalTrainingException(Duration modelPoll) {
        super("This service does not train: latent.training.engine is external, so models are trained by the "
                + "Spark job (docs/spark.md) and loaded from the store every " + modelPoll + ".",
                Map.of("engine", "external"));
    }
}
