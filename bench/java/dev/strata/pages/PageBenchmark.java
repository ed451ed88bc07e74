package dev.strata.pages;

import dev.strata.store.PagesRepository;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page benchmark of bench/README.md: every page of Strata at 1,000 applications, timed in a real
 * headless Chromium from navigation to the data shown. Not a test: it prints a table. Run it with
 * {@code bench/pages/run}, which builds the jar and compiles this class.
 *
 * <p>Each page's time is read from the browser's own clock: {@code performance.now()} (milliseconds
 * since the navigation started) at the moment a grid cell holding the page's data is in the
 * document, polled every 5 ms. That excludes WebDriver's round trips, which the loaded machine
 * would otherwise add to every figure.
 */
public final class PageBenchmark {

    private static final int OPEN_CHANGE_REQUESTS = 30;
    private static final int MERGED_CHANGE_REQUESTS = 20;
    private static final double TARGET_MS = 500;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    /** Waits until an element matching a selector contains the text, then answers the milliseconds since navigation started. */
    private static final String DATA_SHOWN = """
            const selector = arguments[0], want = arguments[1], done = arguments[arguments.length - 1];
            const deadline = performance.now() + 30000;
            (function poll() {
              for (const cell of document.querySelectorAll(selector)) {
                if (cell.textContent.includes(want)) { done(performance.now()); return; }
              }
              if (performance.now() > deadline) { done(-1); return; }
              setTimeout(poll, 5);
            })();
            """;

    /**
     * Moves to another page inside the running Vaadin UI, as a click on a menu item or link does (an
     * anchor marked {@code router-link}: one round trip to the server, no new document), and answers the
     * milliseconds from the click to the page's data in a cell; -1 if it never came, -2 if the browser
     * loaded a new document instead (then it was no move inside the UI, and the figure would be a load's).
     */
    private static final String MOVED = """
            const path = arguments[0], selector = arguments[1], want = arguments[2];
            const done = arguments[arguments.length - 1];
            window.__sameDocument = true;
            const link = document.createElement('a');
            link.setAttribute('router-link', '');
            link.href = path;
            document.body.appendChild(link);
            const start = performance.now();
            link.click();
            link.remove();
            const deadline = start + 30000;
            (function poll() {
              if (!window.__sameDocument) { done(-2); return; }
              for (const cell of document.querySelectorAll(selector)) {
                if (cell.textContent.includes(want)) { done(performance.now() - start); return; }
              }
              if (performance.now() > deadline) { done(-1); return; }
              setTimeout(poll, 5);
            })();
            """;

    /**
     * Where the last load's time went, from the browser's Navigation and Resource Timing: the document,
     * each script and style sheet, and each request to Vaadin's server (the UI's start-up JSON, the
     * UIDL round trips), with when each ended and its bytes.
     */
    private static final String RESOURCES = """
            const short = url => url.replace(location.origin, '').replace(/VAADIN\\/build\\//, '').slice(0, 60);
            const nav = performance.getEntriesByType('navigation')[0];
            const rows = ['document: response ' + nav.responseStart.toFixed(0) + '-' + nav.responseEnd.toFixed(0)
                + ' ms, DOMContentLoaded ' + nav.domContentLoadedEventEnd.toFixed(0) + ' ms, '
                + nav.transferSize + ' B transferred'];
            for (const r of performance.getEntriesByType('resource')) {
              rows.push(r.initiatorType + ' ' + short(r.name) + ': ' + r.startTime.toFixed(0) + '-'
                + r.responseEnd.toFixed(0) + ' ms, ' + r.transferSize + ' B transferred, ' + r.decodedBodySize + ' B');
            }
            for (const p of performance.getEntriesByType('paint')) rows.push(p.name + ' ' + p.startTime.toFixed(0) + ' ms');
            for (const sent of (window.__sent || [])) rows.push('sent at ' + sent);
            return rows.join('\\n');
            """;

    private PageBenchmark() {}

    /** One page: where it is, the text in a grid cell that says its data is shown, and what happens before each load. */
    private record Page(String name, String path, String shows, String selector, Before before) {
        Page(String name, String path, String shows) {
            this(name, path, shows, "vaadin-grid-cell-content", () -> {});
        }

        Page(String name, String path, String shows, String selector) {
            this(name, path, shows, selector, () -> {});
        }
    }

    /** Something the benchmark does before each load of a page, outside the time and CPU measured. */
    @FunctionalInterface
    private interface Before {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int commits = 5_000;
        Path work = Path.of("target/bench-pages");
        Path jar = null;
        boolean jfr = false;
        int port = 18480;
        List<String> only = List.of();
        int repeats = 5;
        boolean breakdown = false;
        List<String> javaOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--commits" -> commits = Integer.parseInt(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--jfr" -> jfr = true;
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pages" -> only = List.of(args[++i].split(","));
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--breakdown" -> breakdown = true;
                case "--java-option" -> javaOptions.add(args[++i]);
                default -> work = Path.of(args[i]);
            }
        }
        work = work.toAbsolutePath();
        jar = jar != null ? jar : packagedJar();
        Path data = work.resolve("data");
        deleteRecursively(work);
        Files.createDirectories(work);

        System.out.printf(
                "Strata page benchmark: %d applications x 3 environments x 50 keys, %,d commits, %s %s, %d cores,"
                        + " load average %s%n",
                PagesRepository.APPS,
                commits,
                jar.getFileName(),
                String.join(" ", javaOptions),
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        long start = System.nanoTime();
        PagesRepository.generate(data, commits);
        System.out.printf("generated the repository in %.1f s%n", (System.nanoTime() - start) / 1e9);

        String base = "http://localhost:" + port;
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m"));
        if (jfr) {
            command.add("-XX:StartFlightRecording=filename=" + work.resolve("strata.jfr") + ",settings=profile");
        }
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("strata.log").toFile());
        // the demo accounts (password 'demo') are written to a data directory without users.yaml;
        // the demo applications are not, since the repository already holds applications
        builder.environment().put("STRATA_DATA_DIR", data.toString());
        builder.environment().put("STRATA_DEMO", "true");
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        start = System.nanoTime();
        Process strata = builder.start();
        try {
            awaitHealthy(base, strata);
            System.out.printf(
                    "Strata started in %.1f s (log: %s)%n",
                    (System.nanoTime() - start) / 1e9, work.resolve("strata.log"));
            long firstOpen = changeRequests(base);
            settle(strata.toHandle(), work.resolve("strata.log"));
            Path repository = data.resolve("config.git");
            String head = git(repository, "rev-parse", "main");
            String past = git(repository, "rev-parse", "main~" + commits / 2);
            String hotApp = PagesRepository.app(0);
            String someApp = PagesRepository.app(PagesRepository.APPS / 2);
            List<Page> pages = List.of(
                    // the floor on this machine now: a page that reads nothing (the search page without
                    // a query), shown once its search field is there; compare the others with it
                    new Page("reference: empty search page", "/search", "", ".search-view vaadin-text-field"),
                    new Page("overview", "/", PagesRepository.app(0)),
                    new Page("application page", "/apps/" + someApp, "KEY_00"),
                    new Page("search", "/search?q=value-1-500-1", someApp),
                    new Page("history, unfiltered", "/history", "Bench change"),
                    new Page("history, filtered by key", "/history?key=KEY_33", "KEY_33"),
                    new Page(
                            "history, filtered by app/env",
                            "/history?app=" + hotApp + "&env=production",
                            hotApp + " / production"),
                    new Page("change requests list", "/change-requests", "Bench change"),
                    new Page("one change request", "/change-requests/" + firstOpen, "KEY_01"),
                    new Page("time travel (past settings)", "/apps/" + someApp + "/at/" + past, "KEY_00"),
                    // main moves on before each load, as it does all day in a busy organisation: what Strata
                    // remembered about the past commit for the head before must still serve
                    new Page(
                            "time travel, main moved on",
                            "/apps/" + someApp + "/at/" + past,
                            "KEY_00",
                            "vaadin-grid-cell-content",
                            () -> edit(base, repository)),
                    // any row of the comparison: at 100,000 commits the hot key's row (production's KEY_07)
                    // is below the grid's visible rows, which a lazy grid does not draw
                    new Page("compare", "/history/compare?app=" + hotApp + "&from=" + past + "&to=" + head, "changed"));
            List<String> wanted = only;
            // the reference stays first: the other pages are compared with it
            measure(
                    base,
                    pages.stream()
                            .filter(page -> page == pages.getFirst()
                                    || wanted.isEmpty()
                                    || wanted.stream().anyMatch(page.name()::startsWith))
                            .toList(),
                    commits,
                    repeats,
                    breakdown,
                    strata.toHandle());
        } finally {
            strata.destroy();
            if (!strata.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                strata.destroyForcibly();
            }
        }
        if (jfr) {
            System.out.println("flight recording: " + work.resolve("strata.jfr"));
        }
    }

    private static void measure(
            String base, List<Page> pages, int commits, int repeats, boolean breakdown, ProcessHandle strata)
            throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,800");
        // navigation returns at DOMContentLoaded; the data is waited for in the page itself
        options.setPageLoadStrategy(PageLoadStrategy.EAGER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(
                        new File(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(40));
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            // signing in returns to the page asked for: the search page without a query reads nothing,
            // so the overview's first load below is its first after start-up
            driver.get(base + "/search");
            wait.until(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name='username']"))
                    .isEmpty());
            driver.findElement(By.cssSelector("vaadin-login-form input[name='username']"))
                    .sendKeys("carol");
            var password = driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
            password.sendKeys("demo");
            password.sendKeys(Keys.ENTER);
            wait.until(d -> !d.getCurrentUrl().contains("/login"));
            // and until the page it returned to is shown: a load started before would share the machine
            // with the end of this one, and the reference's first load with it
            wait.until(d -> !d.findElements(By.cssSelector(".search-view vaadin-text-field"))
                    .isEmpty());

            if (breakdown) {
                // what the client asks Vaadin's server for, and when: the last load's requests are printed
                driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                                window.__sent = [];
                                const send = XMLHttpRequest.prototype.send;
                                XMLHttpRequest.prototype.send = function (body) {
                                  window.__sent.push(performance.now().toFixed(0) + ' ms: '
                                    + String(body).slice(0, 400));
                                  return send.call(this, body);
                                };
                                """));
            }
            List<String[]> rows = new ArrayList<>();
            double reference = Double.NaN;
            for (Page page : pages) {
                page.before().run();
                double first = load(driver, base, page);
                double[] again = new double[repeats];
                double[] serverCpu = new double[repeats];
                double[] browserCpu = new double[repeats];
                String profile = "";
                for (int i = 0; i < repeats; i++) {
                    page.before().run();
                    long server = cpuNanos(strata);
                    long browser = browserCpuNanos(strata);
                    // the last load is profiled: a diagnosis, which makes it slower than the others
                    boolean profiled = breakdown && i == repeats - 1;
                    if (profiled) {
                        driver.executeCdpCommand("Profiler.enable", Map.of());
                        driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200));
                        driver.executeCdpCommand("Profiler.start", Map.of());
                    }
                    again[i] = load(driver, base, page);
                    if (profiled) {
                        profile = profile(driver.executeCdpCommand("Profiler.stop", Map.of()));
                    }
                    serverCpu[i] = (cpuNanos(strata) - server) / 1e6;
                    browserCpu[i] = (browserCpuNanos(strata) - browser) / 1e6;
                }
                // the same page reached from the reference page inside the running UI, as a person moving
                // through Strata by its menu or links does; the reference page is where each move starts
                double[] moved = new double[repeats];
                for (int i = 0; i < repeats && page != pages.getFirst(); i++) {
                    page.before().run();
                    moved[i] = move(driver, base, pages.getFirst(), page);
                }
                Arrays.sort(moved);
                if (breakdown) {
                    printBreakdown(driver, page, profile);
                }
                Arrays.sort(again);
                Arrays.sort(serverCpu);
                Arrays.sort(browserCpu);
                double median = again[repeats / 2];
                reference = Double.isNaN(reference) ? median : reference;
                rows.add(new String[] {
                    page.name(),
                    "%.0f".formatted(first),
                    "%.0f".formatted(median),
                    "%.0f".formatted(again[repeats - 1]),
                    "%+.0f".formatted(median - reference),
                    "%.0f".formatted(serverCpu[repeats / 2]),
                    "%.0f".formatted(browserCpu[repeats / 2]),
                    page == pages.getFirst() ? "–" : "%.0f".formatted(moved[repeats / 2]),
                    median <= TARGET_MS && first <= TARGET_MS ? "yes" : median <= TARGET_MS ? "after the first" : "NO"
                });
                System.out.printf("  %-30s first %6.0f ms, median %6.0f ms%n", page.name(), first, median);
            }
            System.out.printf(
                    "%n| page (%,d commits, load average %s) | first load (ms) | median of %d (ms) | slowest of %d (ms)"
                            + " | median minus the reference's (ms) | Strata's CPU, median (ms) | Chromium's CPU, median (ms)"
                            + " | moved to from the reference page inside the UI, median of %d (ms) | <= 500 ms |%n",
                    commits, loadAverage(), repeats, repeats, repeats);
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            for (String[] row : rows) {
                System.out.println("| " + String.join(" | ", row) + " |");
            }
        } finally {
            driver.quit();
        }
    }

    /**
     * The JavaScript CPU profile of one load, summed by script (self time): which of the bundle's files
     * the renderer's main thread ran, and how long it spent in garbage collection and in the browser's
     * own work ("(program)": parsing, style, layout, paint).
     */
    @SuppressWarnings("unchecked")
    private static String profile(Map<String, Object> stopped) {
        var profile = (Map<String, Object>) stopped.get("profile");
        var nodes = (List<Map<String, Object>>) profile.get("nodes");
        var samples = (List<Number>) profile.get("samples");
        var deltas = (List<Number>) profile.get("timeDeltas");
        Map<Long, String> scriptOf = new HashMap<>();
        for (var node : nodes) {
            var frame = (Map<String, Object>) node.get("callFrame");
            String url = String.valueOf(frame.get("url"));
            String name = url.isEmpty()
                    ? String.valueOf(frame.get("functionName"))
                    : url.replaceAll(".*/", "").replaceAll("\\?.*", "");
            scriptOf.put(((Number) node.get("id")).longValue(), name.isEmpty() ? "(anonymous)" : name);
        }
        Map<String, Double> self = new TreeMap<>();
        for (int i = 0; i < samples.size(); i++) {
            self.merge(scriptOf.get(samples.get(i).longValue()), deltas.get(i).doubleValue() / 1000, Double::sum);
        }
        StringBuilder line = new StringBuilder("profile (ms of the main thread):");
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(14)
                .forEach(e -> line.append(' ')
                        .append(e.getKey())
                        .append(' ')
                        .append("%.0f".formatted(e.getValue()))
                        .append(','));
        return line.toString();
    }

    /** The resources, requests and main-thread profile of the last load of {@code page}. */
    private static void printBreakdown(ChromeDriver driver, Page page, String profile) {
        System.out.println("    last load of " + page.name() + ":");
        System.out.println("      " + profile);
        for (String row : ((String) driver.executeScript(RESOURCES)).split("\n")) {
            System.out.println("      " + row);
        }
    }

    /**
     * Waits until Strata's background work after start-up is done, so that it is neither counted in the
     * first pages' CPU nor slows them on two cores: first (up to ten minutes) until its log says the
     * generated history is indexed (at 100,000 commits about two minutes of a low-priority thread that
     * steps aside for requests, which a quiet spell of CPU alone did not always outlast), then (up to
     * five minutes) until its CPU use falls under a fifth of a core over two seconds (the first snapshots).
     */
    private static void settle(ProcessHandle strata, Path log) throws InterruptedException, IOException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMinutes(10).toNanos()
                && !Files.readString(log).contains("] dev.strata.store.HistoryIndexing")) {
            Thread.sleep(1000);
        }
        System.out.printf(
                "Strata indexed the history %.1f s after the change requests%n", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMinutes(5).toNanos()) {
            long before = cpuNanos(strata);
            Thread.sleep(2000);
            if (cpuNanos(strata) - before < 400_000_000L) {
                break;
            }
        }
        System.out.printf("Strata was busy for %.1f s more after start-up%n", (System.nanoTime() - start) / 1e9);
    }

    /**
     * CPU time a process has used so far (all its threads; clock ticks, so 10 ms steps). Unlike wall
     * time, it hardly grows with the machine's load, so it tells what a page costs on a loaded machine.
     */
    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** The CPU time of chromedriver and Chromium, every process this JVM started but Strata. */
    private static long browserCpuNanos(ProcessHandle strata) {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.pid() != strata.pid())
                .mapToLong(PageBenchmark::cpuNanos)
                .sum();
    }

    /** Milliseconds from the start of the navigation to the page's data in a grid cell. */
    private static double load(ChromeDriver driver, String base, Page page) {
        driver.get(base + page.path());
        Object shown = driver.executeAsyncScript(DATA_SHOWN, page.selector(), page.shows());
        double ms = ((Number) shown).doubleValue();
        if (ms < 0) {
            throw new IllegalStateException(page.name() + " (" + page.path() + ") never showed '" + page.shows()
                    + "'; cells: " + cells(driver, page));
        }
        return ms;
    }

    /** The first cells with text of the page's kind, to say what a page showed instead of its data. */
    private static List<String> cells(ChromeDriver driver, Page page) {
        return driver.findElements(By.cssSelector(page.selector())).stream()
                .map(cell -> cell.getText())
                .filter(text -> !text.isBlank())
                .limit(20)
                .toList();
    }

    /**
     * Milliseconds from a click on a link inside the running UI to {@code page}'s data, starting from
     * {@code from} (loaded in full, so that no cell of an earlier view is still in the page).
     */
    private static double move(ChromeDriver driver, String base, Page from, Page page) {
        load(driver, base, from);
        Object moved = driver.executeAsyncScript(MOVED, page.path(), page.selector(), page.shows());
        double ms = ((Number) moved).doubleValue();
        if (ms < 0) {
            throw new IllegalStateException(page.name() + " (" + page.path() + ") "
                    + (ms == -2
                            ? "was loaded as a new document, not moved to inside the UI"
                            : "never showed '" + page.shows() + "' after a move inside the UI; at "
                                    + driver.getCurrentUrl() + ", cells: " + cells(driver, page)));
        }
        return ms;
    }

    /**
     * Opens change requests through the API, as people would: some stay open, the others are approved
     * and merged. Answers the id of the first open one.
     */
    private static long changeRequests(String base) throws IOException, InterruptedException {
        long firstOpen = -1;
        for (int i = 0; i < OPEN_CHANGE_REQUESTS + MERGED_CHANGE_REQUESTS; i++) {
            String app = PagesRepository.app(i * 7);
            String body = """
                    {"kind":"edit","app":"%s","target":"staging","set":{"KEY_01":"proposed %d"},
                     "title":"Bench change %d","description":"opened by the page benchmark"}""".formatted(app, i, i);
            long id = id(post(base, "/api/v1/change-requests", "alice", body, 201));
            if (i < OPEN_CHANGE_REQUESTS) {
                firstOpen = firstOpen < 0 ? id : firstOpen;
            } else {
                post(base, "/api/v1/change-requests/" + id + "/approvals", "bob", "", 200);
                post(base, "/api/v1/change-requests/" + id + "/merge", "alice", "", 200);
            }
        }
        System.out.printf(
                "opened %d change requests, approved and merged %d of them%n",
                OPEN_CHANGE_REQUESTS + MERGED_CHANGE_REQUESTS, MERGED_CHANGE_REQUESTS);
        return firstOpen;
    }

    /** One edit on main through the API, as alice (an editor in dev): main moves on by one commit. */
    private static void edit(String base, Path repository) throws IOException, InterruptedException {
        String body = """
                {"baseRevision":"%s","message":"Main moves on","set":{"KEY_02":"moved on %d"}}""".formatted(git(repository, "rev-parse", "main"), System.nanoTime());
        send("PATCH", base, "/api/v1/apps/" + PagesRepository.app(1) + "/envs/dev/settings", "alice", body, 200);
    }

    private static String post(String base, String path, String user, String body, int expected)
            throws IOException, InterruptedException {
        return send("POST", base, path, user, body, expected);
    }

    private static String send(String method, String base, String path, String user, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static long id(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static void awaitHealthy(String base, Process strata) throws InterruptedException {
        HttpRequest health =
                HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build();
        for (int i = 0; i < 600; i++) {
            if (!strata.isAlive()) {
                throw new IllegalStateException("Strata stopped with exit code " + strata.exitValue());
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Strata did not come up in two minutes");
    }

    private static String git(Path repository, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "--git-dir", repository.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (git.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("strata-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/strata-*.jar: run ./mvnw package first"));
        }
    }

    private static String javaBin() {
        String home = System.getProperty("java.home");
        return Path.of(home, "bin", "java").toString();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "%.1f".formatted(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
