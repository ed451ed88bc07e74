package dev.strata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM that a test starts as a child process (a crash writer, a second Strata,
 * a Spring Cloud Config client). Such a child lives seconds to a minute and runs mostly start-up code,
 * on the same two cores as the test JVMs, so it gets their cheap settings: C1 only (as
 * {@code strata.testJvmArgs} in pom.xml) and the serial collector, which starts no GC threads. A crash
 * writer reached its first commit with about half the CPU time so (2.0 s against 1.1 s, measured
 * 6 December 2026), a config client likewise.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /** {@code java} with the cheap settings and {@code -Xmx<maxHeap>}, followed by {@code args}. */
    public static List<String> command(String maxHeap, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx" + maxHeap));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code mainClass} of the test class path, with {@code args}, in a child JVM of {@code maxHeap}. */
    public static List<String> onTestClassPath(String maxHeap, Class<?> mainClass, String... args) {
        List<String> command = command(maxHeap, "-cp", System.getProperty("java.class.path"), mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }
}
