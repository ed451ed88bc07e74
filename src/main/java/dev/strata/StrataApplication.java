package dev.strata;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.aura.Aura;
import dev.strata.secrets.SecretsRotation;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@StyleSheet(Aura.STYLESHEET)
@StyleSheet("styles.css")
public class StrataApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--" + SecretsRotation.SWITCH)) {
            // A one-off command: rotate the secrets key and exit. Vaadin's security needs a servlet
            // context, so meanwhile it listens on a random local port rather than the real one.
            String[] command = Stream.concat(
                            Arrays.stream(args), Stream.of("--server.port=0", "--server.address=127.0.0.1"))
                    .toArray(String[]::new);
            System.exit(SpringApplication.exit(SpringApplication.run(StrataApplication.class, command)));
        }
        SpringApplication.run(StrataApplication.class, args);
    }

    /**
     * Without an icon of its own, every page made the browser ask for a /favicon.ico that does not exist.
     * {@code client-start.js}, first in the page's head, lets Vaadin's client engine start as soon as it
     * is loaded instead of 50 ms later (the script says why; bench/README.md, Pages, measures it).
     */
    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addFavIcon("icon", "icons/strata.svg", "any");
        settings.addInlineFromFile(Inline.Position.PREPEND, "dev/strata/client-start.js", Inline.Wrapping.JAVASCRIPT);
    }
}
