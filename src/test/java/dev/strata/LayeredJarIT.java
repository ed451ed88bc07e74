package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar that {@code package} builds is the one the Dockerfile takes apart: its layers index
 * lists Spring Boot's four layers, and the Dockerfile's extraction command gives one directory per
 * layer, with the libraries apart from Strata's own classes. Runs after {@code package} (failsafe).
 */
class LayeredJarIT {

    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    @TempDir
    Path extracted;

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("strata-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no target/strata-*.jar: run ./mvnw package first"));
        }
    }

    @Test
    void the_layers_index_lists_the_dependencies_apart_from_the_application() throws Exception {
        String index;
        try (var jar = new JarFile(jar().toFile())) {
            var entry = jar.getEntry("BOOT-INF/layers.idx");
            assertThat(entry).as("BOOT-INF/layers.idx").isNotNull();
            index = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }

        List<String> layers = new ArrayList<>();
        index.lines()
                .filter(line -> line.startsWith("- \""))
                .forEach(line -> layers.add(line.substring(3, line.indexOf('"', 3))));
        assertThat(layers).containsExactlyElementsOf(LAYERS);
        assertThat(index)
                .contains(
                        "- \"dependencies\":\n  - \"BOOT-INF/lib/\"", "- \"application\":\n  - \"BOOT-INF/classes/\"");
    }

    @Test
    void the_dockerfiles_extraction_gives_a_directory_per_layer_that_the_launcher_runs_from() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(
                        java,
                        "-Djarmode=tools",
                        "-jar",
                        jar().toAbsolutePath().toString(),
                        "extract",
                        "--layers",
                        "--launcher",
                        "--destination",
                        extracted.resolve("x").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        Path x = extracted.resolve("x");
        assertThat(x.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
                .isRegularFile();
        assertThat(x.resolve("application/BOOT-INF/classes/dev/strata/StrataApplication.class"))
                .isRegularFile();
        try (Stream<Path> libraries = Files.list(x.resolve("dependencies/BOOT-INF/lib"))) {
            assertThat(libraries.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("spring-boot-"))
                    .anyMatch(name -> name.startsWith("org.eclipse.jgit"));
        }
        assertThat(x.resolve("application/BOOT-INF/lib")).doesNotExist();
    }
}
