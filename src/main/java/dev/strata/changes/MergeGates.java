package dev.strata.changes;

import dev.strata.config.BlameEntry;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.FreezeWindow;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryQuery;
import dev.strata.config.SettingKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The gates of a target's policy besides approvals: its freeze windows and its soak. The soak is
 * read from the Git history (when the source environment's values were committed on main), so every
 * instance sharing a remote holds a promotion until the same moment, and a restart changes nothing.
 */
@Component
class MergeGates {

    static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final ConfigHistory history;
    private final Clock clock;

    MergeGates(ConfigHistory history, ObjectProvider<Clock> clock) {
        this.history = history;
        // the clock commits are dated by (demo mode's, or a test's), so soak compares like with like
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /**
     * What the gates say about merging {@code request} now.
     *
     * @param freeze    why the target is frozen, as a sentence naming its end, or null when it is not
     * @param soak      why the promotion must wait, as a sentence naming when it can merge, or null
     * @param soakUntil the moment the soak is over, or null when none applies
     * @param note      what a reviewer should know that blocks nothing, or null
     */
    record Verdict(String freeze, String soak, Instant soakUntil, String note) {}

    Verdict check(ChangeRequest request, ConfigSnapshot head) {
        ChangeRequest.About about = request.about();
        EnvironmentPolicy policy = head.pipeline().policy(about.target()).orElse(null);
        if (policy == null) {
            return new Verdict(null, null, null, null);
        }
        Instant now = clock.instant();
        String freeze =
                policy.frozenAt(now).map(window -> frozen(about, window)).orElse(null);
        if (policy.soak().isZero()) {
            return new Verdict(freeze, null, null, null);
        }
        if (about.kind() != ChangeRequest.Kind.PROMOTION) {
            return new Verdict(
                    freeze,
                    null,
                    null,
                    "Edits and reverts are not promotions: " + about.target() + "'s soak of "
                            + EnvironmentPolicy.formatSoak(policy.soak()) + " does not hold them.");
        }
        Instant until = settled(request).plus(policy.soak());
        String soak = now.isBefore(until)
                ? "Promotions into " + about.target() + " soak "
                        + EnvironmentPolicy.formatSoak(policy.soak()) + " after their values reached " + about.source()
                        + ": it can merge from " + shown(until, now) + "."
                : null;
        return new Verdict(freeze, soak, until, null);
    }

    /** When the last of the promoted values arrived in the source environment, as committed on main. */
    private Instant settled(ChangeRequest request) {
        ChangeRequest.About about = request.about();
        Map<SettingKey, Instant> blamed = history.blame(about.app(), about.source()).stream()
                .collect(Collectors.toMap(
                        BlameEntry::key, entry -> entry.commit().time()));
        Function<SettingKey, Instant> arrived = key -> blamed.computeIfAbsent(key, removed -> {
            // a key removed in the source has no blame: its removal is the newest commit that changed it
            List<HistoryEntry> entries = history.history(HistoryQuery.ofKey(about.app(), about.source(), removed, 1))
                    .entries();
            return entries.isEmpty() ? Instant.EPOCH : entries.getFirst().time();
        });
        return request.proposal().keys().stream()
                .map(arrived)
                .max(Instant::compareTo)
                .orElse(Instant.EPOCH);
    }

    private static String frozen(ChangeRequest.About about, FreezeWindow window) {
        return about.target() + " is frozen until " + DAY.format(window.until()) + ", " + HOUR.format(window.until())
                + " (" + window.reason() + "); an admin may merge anyway, with a reason that is recorded.";
    }

    /** The minute from which it can merge (rounded up, so merging at the shown minute works), with the day when not today. */
    static String shown(Instant until, Instant now) {
        Instant minute = until.truncatedTo(ChronoUnit.MINUTES);
        if (minute.isBefore(until)) {
            minute = minute.plus(Duration.ofMinutes(1));
        }
        boolean today = DAY.format(minute).equals(DAY.format(now));
        return HOUR.format(minute) + (today ? "" : " on " + DAY.format(minute));
    }
}
