package dev.strata.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Brute-force protection for sign-ins: after {@value #USER_LIMIT} failures for one user name, or
 * {@value #ADDRESS_LIMIT} from one address, within {@link #WINDOW}, further attempts are refused
 * for a delay that doubles with each further failure. User names are counted whether or not the
 * account exists, so the refusal tells nothing about which accounts there are.
 */
@Component
public class LoginThrottle {

    static final int USER_LIMIT = 5;
    static final int ADDRESS_LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration FIRST_DELAY = Duration.ofMinutes(1);
    static final Duration MAX_DELAY = Duration.ofHours(1);
    /** Bounds memory under a flood of made-up user names; the oldest records go first. */
    static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** When attempts for this user name or from this address may be made again, or null when they may now. */
    Instant lockedUntil(String username, String address) {
        Instant now = clock.instant();
        Instant user = until("user:" + normalize(username), USER_LIMIT, now);
        Instant from = address == null ? null : until("address:" + address, ADDRESS_LIMIT, now);
        if (user == null) {
            return from;
        }
        return from == null || user.isAfter(from) ? user : from;
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.entrySet().removeIf(e -> e.getValue().last().isBefore(now.minus(WINDOW)));
        }
        record("user:" + normalize(username), now);
        if (address != null) {
            record("address:" + address, now);
        }
    }

    void succeeded(String username) {
        failures.remove("user:" + normalize(username));
    }

    private void record(String subject, Instant now) {
        failures.computeIfAbsent(subject, s -> new Failures()).add(now);
    }

    private Instant until(String subject, int limit, Instant now) {
        Failures recorded = failures.get(subject);
        if (recorded == null) {
            return null;
        }
        int recent = recorded.countSince(now.minus(WINDOW));
        if (recent < limit) {
            return null;
        }
        long doublings = Math.min(recent - limit, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        Instant until = recorded.last().plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
        return until.isAfter(now) ? until : null;
    }

    private static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static final class Failures {
        private final Deque<Instant> times = new ArrayDeque<>();

        synchronized void add(Instant time) {
            times.addLast(time);
            while (times.size() > 64) {
                times.removeFirst();
            }
        }

        synchronized int countSince(Instant since) {
            return (int) times.stream().filter(t -> !t.isBefore(since)).count();
        }

        synchronized Instant last() {
            return times.isEmpty() ? Instant.EPOCH : times.getLast();
        }
    }
}
