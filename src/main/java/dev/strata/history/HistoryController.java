package dev.strata.history;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.HistoryQuery;
import dev.strata.config.HistoryRewrite;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/history}: who changed what, when and why, newest first, with per-key before and after. */
@RestController
@RequestMapping("/api/v1/history")
class HistoryController {

    static final int DEFAULT_LIMIT = 50;

    private final HistoryService history;
    private final Reverts reverts;
    private final JsonMapper json;

    HistoryController(HistoryService history, Reverts reverts, JsonMapper json) {
        this.history = history;
        this.reverts = reverts;
        this.json = json;
    }

    @GetMapping
    HistoryService.Page list(
            @RequestParam(required = false) String app,
            @RequestParam(required = false) String env,
            @RequestParam(required = false) String key,
            @RequestParam(required = false) String author,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String until,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        var query = query(app, env, key, author, since, until, limit, cursor);
        try {
            return history.page(query);
        } catch (ValidationException e) {
            throw e.problems().stream().anyMatch(p -> p.subject().equals("cursor")) ? badRequest(e.getMessage()) : e;
        }
    }

    /**
     * The filtered history for auditors, one row per key change: {@code format=csv} (default) or
     * {@code json}. Written straight to the response, page by page.
     */
    @GetMapping("/export")
    void export(
            @RequestParam(required = false) String app,
            @RequestParam(required = false) String env,
            @RequestParam(required = false) String key,
            @RequestParam(required = false) String author,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String until,
            @RequestParam(defaultValue = "csv") String format,
            HttpServletResponse response)
            throws IOException {
        if (!format.equals("csv") && !format.equals("json")) {
            throw badRequest("unknown format '" + format + "'; use csv or json");
        }
        HistoryQuery filters = query(app, env, key, author, since, until, null, null);
        response.setContentType(format.equals("csv") ? "text/csv;charset=UTF-8" : "application/json");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"strata-history." + format + "\"");
        var out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        if (format.equals("csv")) {
            HistoryExport.csv(history, filters, out);
        } else {
            HistoryExport.json(history, filters, json, out);
        }
    }

    /** Each time main was rewritten outside Strata (commits removed or replaced), newest first; usually none. */
    @GetMapping("/rewrites")
    List<HistoryRewrite> rewrites() {
        return history.rewrites();
    }

    @GetMapping("/{revision}")
    HistoryService.Commit commit(@PathVariable String revision) {
        return history.commit(revision(revision));
    }

    private static HistoryQuery query(
            String app,
            String env,
            String key,
            String author,
            String since,
            String until,
            Integer limit,
            String cursor) {
        Instant from = instant("since", since);
        Instant to = instant("until", until);
        if (from != null && to != null && to.isBefore(from)) {
            throw badRequest("until (" + until + ") is before since (" + since + ")");
        }
        return new HistoryQuery(
                app == null ? null : new AppName(app),
                env == null ? null : new EnvName(env),
                key == null ? null : new SettingKey(key),
                author,
                from,
                to,
                limit == null ? DEFAULT_LIMIT : limit,
                cursor);
    }

    /**
     * Reverts a commit, or one key of it: {@code 200 {revision}} for the new commit by the caller,
     * or {@code 201 {changeRequest}} when the environment is protected and the revert awaits review.
     */
    @PostMapping("/{revision}/revert")
    ResponseEntity<Reverts.Outcome> revert(@PathVariable String revision, @RequestParam(required = false) String key) {
        Reverts.Outcome outcome = reverts.revert(revision(revision), key == null ? null : new SettingKey(key));
        return outcome.changeRequest() == null
                ? ResponseEntity.ok(outcome)
                : ResponseEntity.created(URI.create("/api/v1/change-requests/" + outcome.changeRequest()))
                        .body(outcome);
    }

    static Revision revision(String text) {
        try {
            return new Revision(text);
        } catch (ValidationException e) {
            throw badRequest("'" + text + "' is not a commit id: expected 40 hexadecimal digits");
        }
    }

    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an instant such as 2026-11-23T18:00:00Z, not '" + text + "'");
        }
    }

    private static ResponseStatusException badRequest(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
