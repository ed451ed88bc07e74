package dev.strata.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A gradual rollout in progress: the merge of a change request committed as {@code candidate} on
 * top of {@code base} (main when it started) but not on main, served only to the instances that
 * {@code selector} matches until it is completed (main moves to it) or aborted (nobody gets it).
 *
 * @param target        the application and environment it changes
 * @param changeRequest the change request it merges
 * @param selector      which instances get the candidate
 * @param candidate     the merge commit, not on main
 * @param base          main when it started, the candidate's parent
 * @param startedBy     who started it
 * @param started       when
 */
public record Rollout(
        AppEnv target,
        long changeRequest,
        Selector selector,
        Revision candidate,
        Revision base,
        Actor startedBy,
        Instant started) {

    public Rollout {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(startedBy, "startedBy");
        Objects.requireNonNull(started, "started");
    }

    /** The revision an instance gets: the candidate when the selector matches it, otherwise {@code current}. */
    public Revision revisionFor(@Nullable String instance, Map<String, String> labels, Revision current) {
        return instance != null && selector.matches(instance, labels) ? candidate : current;
    }

    /**
     * Which instances get the candidate: those carrying every one of {@code labels}, or those whose
     * id hashes below {@code percent} of 100 (stable: an instance is in or out for good). Exactly one
     * of the two is given.
     */
    public record Selector(
            @Nullable SortedMap<String, String> labels,
            @Nullable Integer percent) {

        /** As many labels as an instance may send ({@code Strata-Labels}): a selector of more could match nobody. */
        public static final int MAX_LABELS = 20;

        private static final int MAX_KEY = 63;
        private static final int MAX_VALUE = 128;

        public Selector {
            if ((labels == null) == (percent == null)) {
                throw new ValidationException(
                        "rollout", "a rollout selects instances by labels or by percent, exactly one of them");
            }
            if (percent != null && (percent < 1 || percent > 100)) {
                throw new ValidationException(
                        "rollout.percent", "percent is a whole number from 1 to 100, not " + percent);
            }
            if (labels != null) {
                if (labels.isEmpty() || labels.size() > MAX_LABELS) {
                    throw new ValidationException(
                            "rollout.labels",
                            "a rollout selects by 1 to " + MAX_LABELS + " labels, not " + labels.size());
                }
                labels.forEach((key, value) -> {
                    if (!name(key, MAX_KEY, false) || !name(value, MAX_VALUE, true)) {
                        throw new ValidationException(
                                "rollout.labels",
                                "labels are key=value of A-Za-z0-9._:- (values" + " also /), keys of at most " + MAX_KEY
                                        + " and values of at most " + MAX_VALUE + " characters");
                    }
                });
                labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
            }
        }

        public static Selector byLabels(Map<String, String> labels) {
            return new Selector(new TreeMap<>(labels), null);
        }

        public static Selector byPercent(int percent) {
            return new Selector(null, percent);
        }

        /** Whether the instance {@code id} with {@code instanceLabels} gets the candidate. */
        public boolean matches(String id, Map<String, String> instanceLabels) {
            if (percent != null) {
                return bucket(id) < percent;
            }
            for (var label : labels.entrySet()) {
                if (!label.getValue().equals(instanceLabels.get(label.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The instance's place among 100, from a hash of its id alone: the same on every Strata
         * instance and after a restart, and spread evenly however alike the ids are.
         */
        public static int bucket(String id) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
                int value = (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | hash[3] & 0xff;
                return Integer.remainderUnsigned(value, 100);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        /** As people read it: {@code canary=true} or {@code 10 %}. */
        @Override
        public String toString() {
            return percent != null
                    ? percent + " %"
                    : labels.entrySet().stream()
                            .map(label -> label.getKey() + "=" + label.getValue())
                            .collect(Collectors.joining(","));
        }

        private static boolean name(String text, int max, boolean slash) {
            if (text == null || text.isEmpty() || text.length() > max) {
                return false;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(c >= 'a' && c <= 'z'
                        || c >= 'A' && c <= 'Z'
                        || c >= '0' && c <= '9'
                        || c == '.'
                        || c == '_'
                        || c == ':'
                        || c == '-'
                        || slash && c == '/')) {
                    return false;
                }
            }
            return true;
        }
    }
}
