package dev.strata.formats;

import dev.strata.config.KeyType;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Why the canonical YAML writer is hand-written: it against Jackson's YAML generator on the same
 * 200-key file, both timed in this run. After bench/run-store has built the classpath:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.strata.formats.YamlWriteBenchmark}
 */
public final class YamlWriteBenchmark {

    private YamlWriteBenchmark() {}

    public static void main(String[] args) {
        Map<String, Scalar> typed = new TreeMap<>();
        Map<String, Object> plain = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            KeyType type = i % 3 == 0 ? KeyType.INT : i % 3 == 1 ? KeyType.STRING : KeyType.BOOL;
            String value =
                    i % 3 == 0 ? Integer.toString(i) : i % 3 == 1 ? "jdbc:postgresql://db" + i + ":5432/x" : "true";
            typed.put("KEY_" + i + ".name", Scalar.of(type, value));
            plain.put("KEY_" + i + ".name", value);
        }
        YAMLMapper mapper = YAMLMapper.builder().build();
        long written = 0;
        int writes = 20_000;
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                written += YamlSettings.write(typed).length();
            }
            long handWritten = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                written += mapper.writeValueAsString(plain).length();
            }
            long jackson = System.nanoTime() - start;
            System.out.printf(
                    "round %d: YamlSettings.write %.1f µs, YAMLMapper %.1f µs per 200-key file%n",
                    round, handWritten / 1e3 / writes, jackson / 1e3 / writes);
        }
        System.out.println(written + " characters written");
    }
}
