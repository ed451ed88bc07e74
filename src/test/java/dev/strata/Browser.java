package dev.strata;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for end-to-end tests: Debian's chromium and chromedriver (or
 * CHROMIUM_BIN / CHROMEDRIVER_BIN), never a downloaded browser. A missing browser fails the
 * test rather than skipping it; .ci/run installs one.
 * <p>
 * {@link #reused()} hands out a Chromium that an earlier test of the same JVM has closed, with its cookies
 * and every site's storage cleared: a person coming back to the same browser. Starting Chromium costs
 * most of a second of CPU, and its cache keeps Vaadin's client bundle. {@code new Browser()} starts a
 * Chromium of its own, for a test that must not leave anything behind that clearing misses (the HTTP
 * Basic credentials a browser remembers).
 */
public final class Browser implements AutoCloseable {

    private static final Dimension WINDOW = new Dimension(1280, 800);
    private static final ConcurrentLinkedDeque<ChromeDriver> IDLE = new ConcurrentLinkedDeque<>();

    /**
     * The session cookies of each person {@link #openSignedIn} signed in, by Strata (its address) and
     * person: a later test that opens a page as the same person on the same Strata comes back with that
     * session, one page load where signing in takes two. Strata keeps nothing but the sign-in in a session.
     */
    private static final Map<String, List<Map<String, Object>>> SESSIONS = new ConcurrentHashMap<>();

    /** Whether {@link #screenshot} saves anything: {@code -Dstrata.screenshots} (or {@code =true}) on Maven's command line. */
    private static final boolean SCREENSHOTS = !"false".equals(System.getProperty("strata.screenshots", "false"));

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IDLE.forEach(ChromeDriver::quit), "idle-browsers"));
    }

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final boolean reusable;
    private final Set<String> origins = new HashSet<>();

    /** A Chromium of its own, quit on {@link #close()}. */
    public Browser() {
        this(start(), false);
    }

    private Browser(ChromeDriver driver, boolean reusable) {
        this.driver = driver;
        this.reusable = reusable;
        // Selenium looks again every 500 ms by default: nearly every wait for a page Vaadin is still drawing
        // missed the first look and idled up to half a second; a look costs about a millisecond
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    }

    /** A Chromium an earlier test closed, cleared, or a new one; back to the idle ones on {@link #close()}. */
    public static Browser reused() {
        ChromeDriver idle = IDLE.poll();
        return new Browser(idle != null ? idle : start(), true);
    }

    private static ChromeDriver start() {
        String chromium = System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException(
                    "End-to-end tests need Chromium and ChromeDriver at " + chromium + " and " + chromedriver
                            + ": apt-get install -y chromium chromium-driver (or set CHROMIUM_BIN, CHROMEDRIVER_BIN)");
        }
        var options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                // work no test looks at, each costing CPU the other test JVM could use: extensions, the
                // translate and optimisation-hint services, casting, the password manager's prompts and
                // leak checks after every sign-in, phishing checks, crash reports
                "--disable-extensions",
                "--disable-default-apps",
                "--disable-features=Translate,OptimizationHints,MediaRouter,PasswordLeakDetection,AutofillServerCommunication",
                "--disable-client-side-phishing-detection",
                "--disable-breakpad",
                "--mute-audio",
                // as a person who asked their system for less motion: Vaadin's overlays, notifications and
                // loading bar appear without animating, so Chromium draws one frame where it drew many (a
                // fifth of its renderers' CPU in the browser tests), and no test waits for an animation
                "--force-prefers-reduced-motion",
                "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight());
        options.setExperimentalOption(
                "prefs", Map.of("credentials_enable_service", false, "profile.password_manager_enabled", false));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .build();
        return new ChromeDriver(service, options);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        origins.add(origin(url));
        driver.get(url);
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    public WebElement await(By locator) {
        return wait.until(d -> {
            var found = d.findElements(locator);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /**
     * Clicks what {@code locator} finds once nothing covers it: while Vaadin still lays a page out, another
     * element can lie over it for a moment (the overview's "New application" under the sign-out button).
     */
    public void click(By locator) {
        wait.until(d -> {
            try {
                await(locator).click();
                return true;
            } catch (ElementClickInterceptedException covered) {
                return null;
            }
        });
    }

    public <T> T await(Function<WebDriver, T> condition) {
        return wait.until(condition::apply);
    }

    /**
     * Saves what the page looks like now under target/screenshots, for people reviewing the UI, when the
     * run asks for them ({@code ./mvnw verify -Dstrata.screenshots}): the suite's 72 screenshots cost
     * Chromium about 5 s of CPU that no assertion uses, so a plain run does not take them.
     */
    public void screenshot(String name) {
        if (!SCREENSHOTS) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in through the login page as a person would: typing into the form and pressing Enter. */
    public void signIn(String baseUrl, String username, String password) {
        open(baseUrl + "/login");
        typeCredentials(username, password);
    }

    /**
     * Opens {@code url} signed in as {@code username}: the page sends the browser to the login page, the
     * person signs in there as in {@link #signIn} and lands back on the page asked for. Two page loads
     * where signing in first and then opening the page takes three (login, the overview, the page).
     * When an earlier test of this JVM signed the same person in to the same Strata, the browser comes
     * back with that session and opens the page at once: one load. Tests about signing in use
     * {@link #signIn} and {@link #signInAndReturnTo}, which always go through the login page.
     */
    public void openSignedIn(String url, String username, String password) {
        String person = origin(url) + " " + username + ":" + password;
        List<Map<String, Object>> session = SESSIONS.get(person);
        if (session != null) {
            driver.executeCdpCommand("Network.setCookies", Map.of("cookies", session));
            open(url);
            // the session is gone when the test signed out or Strata was started again on the same port
            if (await(d -> onLoginPage(d) ? "login" : (backOn(d, url) ? "page" : null))
                    .equals("page")) {
                return;
            }
        } else {
            open(url);
        }
        signInAndReturnTo(url, username, password);
        SESSIONS.put(person, sessionCookies(origin(url)));
    }

    private static boolean onLoginPage(WebDriver page) {
        return !page.findElements(By.cssSelector("vaadin-login-form")).isEmpty();
    }

    /** On {@code url} (or the address Spring Security marks it with after signing in), with a person signed in. */
    private static boolean backOn(WebDriver page, String url) {
        // Spring Security marks the address it sends back to with a parameter "continue"
        String marked = url + (url.contains("?") ? "&continue" : "?continue");
        return (url.equals(page.getCurrentUrl()) || marked.equals(page.getCurrentUrl()))
                && !page.findElements(By.cssSelector(".navbar-user .user-name")).isEmpty();
    }

    /** The cookies of {@code origin}, as {@code Network.setCookies} takes them back. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> sessionCookies(String origin) {
        var cookies = (List<Map<String, Object>>)
                driver.executeCdpCommand("Network.getCookies", Map.of("urls", List.of(origin)))
                        .get("cookies");
        return cookies.stream()
                .map(cookie -> Map.<String, Object>of(
                        "name", cookie.get("name"),
                        "value", cookie.get("value"),
                        "url", origin + cookie.get("path"),
                        "httpOnly", cookie.get("httpOnly"),
                        "secure", cookie.get("secure")))
                .toList();
    }

    /** On the login page that opening {@code url} led to: signs in and waits to be back on {@code url}. */
    public void signInAndReturnTo(String url, String username, String password) {
        typeCredentials(username, password);
        try {
            await(d -> backOn(d, url) ? true : null);
        } catch (TimeoutException notBack) {
            throw new AssertionError(
                    "Signed in as " + username + " for " + url + ", but on " + driver.getCurrentUrl(), notBack);
        }
    }

    private void typeCredentials(String username, String password) {
        await(By.cssSelector("vaadin-login-form input[name='username']")).sendKeys(username);
        var passwordField = await(By.cssSelector("vaadin-login-form input[name='password']"));
        passwordField.sendKeys(password);
        passwordField.sendKeys(Keys.ENTER);
    }

    @Override
    public void close() {
        if (!reusable) {
            driver.quit();
            return;
        }
        try {
            clear();
            IDLE.push(driver);
        } catch (RuntimeException unclearable) {
            driver.quit();
        }
    }

    /** Leaves nothing of this test to the next but the HTTP cache: windows, page, cookies, storage, size. */
    private void clear() {
        String first = driver.getWindowHandles().iterator().next();
        for (String window : driver.getWindowHandles()) {
            if (!window.equals(first)) {
                driver.switchTo().window(window).close();
            }
        }
        driver.switchTo().window(first);
        String current = driver.getCurrentUrl();
        if (current != null && current.startsWith("http")) {
            origins.add(origin(current));
        }
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        for (String origin : origins) {
            driver.executeCdpCommand(
                    "Storage.clearDataForOrigin",
                    Map.of(
                            "origin",
                            origin,
                            "storageTypes",
                            "cookies,local_storage,session_storage,indexeddb,websql,service_workers,cache_storage"));
        }
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(WINDOW);
    }
}
