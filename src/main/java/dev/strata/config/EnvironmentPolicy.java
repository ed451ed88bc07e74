package dev.strata.config;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An environment of the pipeline and how changes may reach it.
 *
 * @param name              the environment
 * @param isProtected       changes arrive only through change requests
 * @param requiredApprovals approvals a change request needs before it can be merged
 * @param requireOwnerApproval whether one of those approvals must come from a member of one of the
 *                          application's owning teams (as CODEOWNERS does)
 * @param soak              how long promoted values must have been in the environment before this one;
 *                          {@link Duration#ZERO} for no wait
 * @param freeze            windows in which nothing merges into it
 */
public record EnvironmentPolicy(
        EnvName name,
        boolean isProtected,
        int requiredApprovals,
        boolean requireOwnerApproval,
        Duration soak,
        List<FreezeWindow> freeze) {

    /** Longest soak accepted: a promotion held for longer than a quarter is a mistake in the file. */
    public static final Duration MAX_SOAK = Duration.ofDays(90);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

    public EnvironmentPolicy {
        Objects.requireNonNull(name, "name");
        if (requiredApprovals < 0 || requiredApprovals > 10) {
            throw new ValidationException(
                    "requiredApprovals",
                    "requiredApprovals of " + name + " must be between 0 and 10, not " + requiredApprovals);
        }
        soak = soak == null ? Duration.ZERO : soak;
        if (soak.isNegative() || soak.compareTo(MAX_SOAK) > 0) {
            throw new ValidationException("soak", "soak of " + name + " must be between 0 and 90d, not " + soak);
        }
        freeze = freeze == null ? List.of() : List.copyOf(freeze);
    }

    public EnvironmentPolicy(EnvName name, boolean isProtected, int requiredApprovals, boolean requireOwnerApproval) {
        this(name, isProtected, requiredApprovals, requireOwnerApproval, Duration.ZERO, List.of());
    }

    public EnvironmentPolicy(EnvName name, boolean isProtected, int requiredApprovals) {
        this(name, isProtected, requiredApprovals, false);
    }

    /** The same policy with other gates. */
    public EnvironmentPolicy withGates(Duration soak, List<FreezeWindow> freeze) {
        return new EnvironmentPolicy(name, isProtected, requiredApprovals, requireOwnerApproval, soak, freeze);
    }

    /** The freeze window covering {@code moment} that ends last, if any: the one a refusal names. */
    public Optional<FreezeWindow> frozenAt(Instant moment) {
        return freeze.stream().filter(window -> window.covers(moment)).max(Comparator.comparing(FreezeWindow::until));
    }

    /**
     * A soak as {@code strata.yaml} writes it: a whole number of seconds, minutes, hours or days
     * ({@code 90s}, {@code 30m}, {@code 24h}, {@code 2d}).
     *
     * @throws ValidationException when it is not one
     */
    public static Duration parseSoak(String text) {
        Matcher matcher = DURATION.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new ValidationException(
                    "soak",
                    "soak is a whole number with s, m, h or d, such as 24h, not '"
                            + (text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** {@code soak} as {@link #parseSoak} reads it, in whole hours when it is (as soaks are usually given), else minutes or seconds. */
    public static String formatSoak(Duration soak) {
        long seconds = soak.toSeconds();
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /**
     * An instant as {@code strata.yaml} and the API write it: ISO-8601 with an offset or {@code Z}.
     *
     * @throws ValidationException when it is not one
     */
    public static Instant parseInstant(String field, String text) {
        try {
            return OffsetDateTime.parse(text == null ? "" : text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException(
                    field,
                    field + " is an ISO-8601 instant such as 2026-12-20T00:00:00Z, not '"
                            + (text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }
    }
}
