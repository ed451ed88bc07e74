package dev.strata;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
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
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    public Browser() {
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
                "--window-size=1280,800");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .build();
        this.driver = new ChromeDriver(service, options);
        // Selenium looks again every 500 ms by default: nearly every wait for a page Vaadin is still drawing
        // missed the first look and idled up to half a second; a look costs about a millisecond
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement await(By locator) {
        return wait.until(d -> {
            var found = d.findElements(locator);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public <T> T await(Function<WebDriver, T> condition) {
        return wait.until(condition::apply);
    }

    /** Saves what the page looks like now under target/screenshots, for people reviewing the UI. */
    public void screenshot(String name) {
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
        await(By.cssSelector("vaadin-login-form input[name='username']")).sendKeys(username);
        var passwordField = await(By.cssSelector("vaadin-login-form input[name='password']"));
        passwordField.sendKeys(password);
        passwordField.sendKeys(org.openqa.selenium.Keys.ENTER);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
