package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real git command line, for tests that check what plain git sees or do what a person with git does. */
public final class GitCli {

    private GitCli() {}

    /**
     * Runs {@code git args} in {@code workDir} (null: the current directory) and answers its output;
     * the test fails unless git exits with 0. Its errors are left out: git warns there about
     * repository settings it finds old-fashioned.
     */
    public static String run(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor())
                    .as("git " + String.join(" ", args) + "\n" + output)
                    .isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code git --git-dir <gitDir> args}: a look into a bare repository such as Strata's config.git. */
    public static String in(Path gitDir, String... args) {
        List<String> all = new ArrayList<>(List.of("--git-dir", gitDir.toString()));
        all.addAll(List.of(args));
        return run(null, all.toArray(String[]::new));
    }

    /** Creates an empty bare repository at {@code gitDir} whose HEAD is main, as a Git server would hold it; answers it. */
    public static Path initBare(Path gitDir) {
        run(null, "init", "--bare", "-q", "--initial-branch=main", gitDir.toString());
        return gitDir;
    }

    /** Runs git in {@code workDir} as Mallory, someone changing the repository behind Strata's back. */
    public static String asMallory(Path workDir, String... args) {
        List<String> all = new ArrayList<>(List.of("-c", "user.name=Mallory", "-c", "user.email=m@example.com"));
        all.addAll(List.of(args));
        return run(workDir, all.toArray(String[]::new)).strip();
    }
}
