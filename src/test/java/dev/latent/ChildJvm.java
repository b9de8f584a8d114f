package dev.latent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test class that drives the service as a child JVM and mostly waits on it: its methods run side by side on
 * other workers (src/test/resources/junit-platform.properties). Under Surefire, which hands each test JVM one
 * class at a time, it does not overlap the JVM's other classes: in {@code verify} such classes run as @Nested
 * classes of {@link ChildJvmTests}, so that they hold one test JVM rather than both. Only for classes that share
 * no state with the rest of the test JVM (their own data directory, port and process).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
public @interface ChildJvm {

    /**
     * The JVM options of every child service: what cuts its start-up CPU without touching what a test proves
     * (no test here measures the service's speed).
     * <ul>
     *   <li>the client compiler only: a child lives seconds to a minute, and C2 compiling Spring's start-up took
     *       half of its CPU (one start to liveness: 38 s of CPU without, 17-19 s with, on the shared 2-core
     *       machine under load 8-14);</li>
     *   <li>no bytecode verification of the class path's classes (javac's and the libraries' own jars; the JDK's
     *       are not verified either): 12.3 s -> 9.8 s of CPU a start to liveness (2 starts each, load 12-14).
     *       The option is diagnostic in JDK 17; a JVM without it ignores it rather than refusing to start.</li>
     * </ul>
     */
    String[] JVM_OPTIONS = {"-XX:TieredStopAtLevel=1", "-XX:+IgnoreUnrecognizedVMOptions",
            "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote"};
}
