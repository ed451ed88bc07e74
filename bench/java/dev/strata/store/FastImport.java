package dev.strata.store;

import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generates the benchmark repository through {@code git fast-import}, Git's own bulk plumbing:
 * one commit with 1,000 applications × 3 environments × 50 keys, then any number of one-key
 * commits, in the layout and canonical form Strata writes. One application's production
 * {@code KEY_07} gets 1 % of all commits, so that "the last 50 changes of one key" has 50 to find.
 */
final class FastImport {

    static final int APPS = 1000;
    static final int KEYS = 50;
    static final String[] ENVS = {"dev", "staging", "production"};
    static final int HOT_APP = 0;
    static final int HOT_ENV = 2;
    static final int HOT_KEY = 7;

    private final Path gitDir;
    private Process process;
    private OutputStream stream;
    private final String[][][] values = new String[ENVS.length][APPS][KEYS];
    private final Random random = new Random(42);
    private long time = 1_700_000_000L;
    private long sequence;
    private boolean first;

    FastImport(Path gitDir) {
        this.gitDir = gitDir;
    }

    private void start() throws IOException {
        process = new ProcessBuilder("git", "fast-import", "--quiet")
                .directory(gitDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        stream = new BufferedOutputStream(process.getOutputStream(), 1 << 20);
        first = true;
    }

    /** Records a change made through the store, so that later generated commits keep it. */
    void changed(int env, int app, int key, String value) {
        values[env][app][key] = value;
    }

    static String app(int i) {
        return String.format("app-%04d", i);
    }

    static String key(int k) {
        return String.format("KEY_%02d", k);
    }

    /** The first commit on top of the repository's initial one: every schema and every settings file. */
    void seed() throws IOException {
        start();
        TreeMap<SettingKey, KeySpec> keys = new TreeMap<>();
        for (int k = 0; k < KEYS; k++) {
            keys.put(new SettingKey(key(k)), KeySpec.of(KeyType.STRING));
        }
        byte[] schema = SchemaFile.write(new Schema("Generated application", List.of("team-bench"), keys));
        header("Seed 1,000 applications");
        for (int a = 0; a < APPS; a++) {
            file("schemas/" + app(a) + ".yaml", schema);
            for (int e = 0; e < ENVS.length; e++) {
                for (int k = 0; k < KEYS; k++) {
                    values[e][a][k] = "value-" + e + "-" + a + "-" + k;
                }
                file(settingsPath(e, a), settings(e, a));
            }
        }
        stream.write('\n');
        finish();
    }

    /** {@code count} commits, each changing one key of one application in one environment. */
    void commits(int count) throws IOException {
        start();
        for (int i = 0; i < count; i++) {
            boolean hot = random.nextInt(100) == 0;
            int e = hot ? HOT_ENV : random.nextInt(ENVS.length);
            int a = hot ? HOT_APP : random.nextInt(APPS);
            int k = hot ? HOT_KEY : random.nextInt(KEYS);
            values[e][a][k] = "v" + sequence;
            header("Set " + key(k) + " of " + app(a) + " in " + ENVS[e]);
            file(settingsPath(e, a), settings(e, a));
            stream.write('\n');
        }
        finish();
    }

    static String settingsPath(int e, int a) {
        return "environments/" + ENVS[e] + "/" + app(a) + ".yaml";
    }

    private byte[] settings(int e, int a) {
        TreeMap<SettingKey, String> map = new TreeMap<>();
        for (int k = 0; k < KEYS; k++) {
            map.put(new SettingKey(key(k)), values[e][a][k]);
        }
        return SettingsFile.write(new Settings(map), Schema.EMPTY);
    }

    private void header(String message) throws IOException {
        sequence++;
        time++;
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        String author = "Bench User " + (sequence % 7) + " <user" + (sequence % 7) + "@example.com> " + time + " +0000";
        write("commit refs/heads/main\nauthor " + author + "\ncommitter Strata <strata@localhost> " + time + " +0000\n"
                + "data " + text.length + "\n");
        stream.write(text);
        stream.write('\n');
        if (first) {
            write("from refs/heads/main^0\n");
            first = false;
        }
    }

    private void file(String path, byte[] content) throws IOException {
        write("M 100644 inline " + path + "\ndata " + content.length + "\n");
        stream.write(content);
        stream.write('\n');
    }

    private void write(String s) throws IOException {
        stream.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private void finish() throws IOException {
        stream.close();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("git fast-import failed with exit code " + process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for git fast-import", e);
        }
    }
}
