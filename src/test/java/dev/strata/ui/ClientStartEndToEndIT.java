package dev.strata.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.ApiTest;
import dev.strata.Browser;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code client-start.js} in a real Chromium: a DOMContentLoaded listener added to a page's document
 * after the event (as Vaadin's client engine adds one when Flow loads it) is called at once, once,
 * with the document as {@code this}, unless it is removed first. Without the script the engine waited
 * 50 ms on every full load (bench/README.md, Pages); here the listener would never be called and the
 * wait below times out.
 */
@ApiTest
class ClientStartEndToEndIT {

    @LocalServerPort
    int port;

    @Test
    void a_listener_for_an_event_that_has_passed_is_called_once_unless_removed_first() {
        try (var browser = Browser.reused()) {
            browser.open("http://localhost:" + port + "/login");
            browser.await(By.tagName("vaadin-login-form"));

            Object calls = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const calls = [];
                    const removed = () => calls.push('a listener removed before it was called');
                    document.addEventListener('DOMContentLoaded', removed);
                    document.removeEventListener('DOMContentLoaded', removed);
                    document.addEventListener('DOMContentLoaded', function (event) {
                      calls.push(event.type + ' on ' + (this === document ? 'the document' : this));
                    });
                    document.addEventListener('DOMContentLoaded', { handleEvent: event => {
                      calls.push(event.type + ' to an object');
                      // in a task after both: a listener called twice would show here
                      setTimeout(() => done(calls));
                    } });
                    """);

            assertThat(calls)
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .isEqualTo(List.of("DOMContentLoaded on the document", "DOMContentLoaded to an object"));
            assertThat(browser.driver().getPageSource())
                    .as("the script is in the page, before Vaadin's own")
                    .containsSubsequence("as if it had been added in time", "VAADIN/build/indexhtml");
        }
    }
}
