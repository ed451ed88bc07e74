package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.strata.ApiClient;
import dev.strata.ApiTest;
import dev.strata.Browser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The attack of issue 16 in a real Chromium: bob has signed in to the API with HTTP Basic, so the
 * browser remembers his password; then he opens a page on another port of the same host, which
 * submits a form to approve the demo's change request 1 as soon as it loads. It shares its Strata:
 * bob signs in with his right password, and the approval it proves refused changes nothing.
 */
@ApiTest
class CrossSiteFormEndToEndIT {

    @LocalServerPort
    int port;

    Browser browser;
    HttpServer attacker;

    @BeforeEach
    void start() throws IOException {
        // a Chromium of its own: the HTTP Basic credentials it remembers are not cleared for the next test
        browser = new Browser();
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/approve", exchange -> page(exchange, "post", "/api/v1/change-requests/1/approvals"));
        attacker.createContext("/look", exchange -> page(exchange, "get", "/api/v1/change-requests/1"));
        attacker.start();
    }

    @AfterEach
    void stop() {
        browser.close();
        attacker.stop(0);
    }

    /** A page that submits a form to Strata as soon as it loads, as a page anywhere on the web can. */
    private void page(com.sun.net.httpserver.HttpExchange exchange, String method, String path) throws IOException {
        byte[] html = ("<!doctype html><html><body onload=\"document.forms[0].submit()\">"
                        + "<form method=\"" + method + "\" action=\"" + strata() + path + "\">"
                        + "<input type=\"hidden\" name=\"comment\" value=\"looks good\"></form></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, html.length);
        try (var body = exchange.getResponseBody()) {
            body.write(html);
        }
    }

    private String strata() {
        return "http://127.0.0.1:" + port;
    }

    private String attackerPage(String path) {
        return "http://127.0.0.1:" + attacker.getAddress().getPort() + path;
    }

    private String pageText() {
        return browser.await(By.tagName("body")).getText();
    }

    @Test
    void a_page_on_another_site_cannot_approve_with_the_password_the_browser_remembers() {
        browser.open("http://bob:demo@127.0.0.1:" + port + "/api/v1/apps");
        assertThat(pageText()).as("bob is signed in to the API").contains("payments");

        browser.open(attackerPage("/look"));
        browser.await(d -> d.getCurrentUrl().startsWith(strata() + "/api/v1/change-requests/1") ? true : null);
        assertThat(pageText())
                .as("the browser sends bob's password with what other sites start")
                .contains("\"id\":1");

        browser.open(attackerPage("/approve"));
        browser.await(d -> d.getCurrentUrl().equals(strata() + "/api/v1/change-requests/1/approvals") ? true : null);

        assertThat(pageText()).contains("cross_site");
        assertThat(new ApiClient(port)
                        .get("/api/v1/change-requests/1", "carol")
                        .json()
                        .get("approvals")
                        .valueStream()
                        .map(approval -> approval.get("actor").get("username").asString()))
                .doesNotContain("bob");
    }
}
