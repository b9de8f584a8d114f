package dev.latent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test class that drives the service as a child JVM and mostly waits on it: it runs beside the in-process
 * suite on a second worker (src/test/resources/junit-platform.properties) instead of after it. Only for classes
 * that share no state with the rest of the test JVM (their own data directory, port and process).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
public @interface ChildJvm {
}
