package dev.strata.formats;

import dev.strata.config.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a key becomes an environment variable, in {@code .env} files and wherever else Strata names
 * one: Spring Boot's relaxed binding, so that an application reading its environment finds the key
 * under the name Spring looks for. Dots and brackets become underscores, dashes are dropped, letters
 * are upper-cased: {@code server.port} is {@code SERVER_PORT}, {@code my-app.items[0]} is
 * {@code MYAPP_ITEMS_0_}, {@code DATABASE_URL} stays {@code DATABASE_URL}.
 */
public final class EnvNames {

    private EnvNames() {}

    public static String of(String key) {
        return key.replace("-", "")
                .replace('.', '_')
                .replace('[', '_')
                .replace(']', '_')
                .toUpperCase(Locale.ROOT);
    }

    /**
     * The keys among {@code keys} that become the same variable as another one, each with a
     * problem naming both (or all) of them: a {@code .env} file cannot hold them apart, and the
     * later line would silently win in a shell.
     */
    public static List<Problem> clashes(Collection<String> keys) {
        Map<String, TreeSet<String>> byName = new TreeMap<>();
        keys.forEach(
                key -> byName.computeIfAbsent(of(key), name -> new TreeSet<>()).add(key));
        List<Problem> problems = new ArrayList<>();
        byName.forEach((name, same) -> {
            if (same.size() > 1) {
                same.forEach(key -> problems.add(new Problem(key, message(name, same))));
            }
        });
        return problems;
    }

    private static String message(String name, Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        String listed = String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.getLast();
        return listed + " all become the environment variable " + name
                + ", so a .env file cannot hold them apart; rename all but one of them";
    }
}
