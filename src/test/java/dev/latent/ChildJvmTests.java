package dev.latent;

import dev.latent.storage.CrashAndRestartTest;
import dev.latent.storage.SmallHeapTest;
import org.junit.jupiter.api.Nested;

/**
 * Every test that drives the service as a child JVM, as one test class: Surefire hands each of its two test JVMs
 * one class at a time, so as two classes they had held both test JVMs waiting on their children at once (about
 * 40 s of wall in which no in-process test ran). As one class its three child sequences (the kill-and-restart
 * service and the two small heaps) start side by side in one test JVM while the other goes on with the in-process
 * classes, and Surefire's alphabetical order (pom.xml, runOrder) hands it out second, right after
 * ArchitectureTest, so its children run beside the in-process classes rather than after them. The tests are the
 * two classes' own, unchanged; each still runs alone ({@code ./mvnw -o test -Dtest=CrashAndRestartTest}, as
 * bench/reliability.sh does), and Surefire's excludes keep them from running twice in {@code verify}.
 */
@ChildJvm
class ChildJvmTests {

    @Nested
    class CrashAndRestart extends CrashAndRestartTest {
    }

    @Nested
    class SmallHeap extends SmallHeapTest {
    }
}
