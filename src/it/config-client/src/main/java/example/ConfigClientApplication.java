package example;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.CompositePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import java.util.ArrayList;
import java.util.List;

/** Prints what it was configured with, the way an application would use it, then exits. */
@SpringBootApplication
public class ConfigClientApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConfigClientApplication.class, args).close();
    }

    @Bean
    CommandLineRunner report(@Value("${server.port}") int port, @Value("${DATABASE_URL}") String databaseUrl,
                             @Value("${DATABASE_PASSWORD}") String databasePassword,
                             @Value("${FEATURE_NEW_CHECKOUT}") boolean newCheckout,
                             @Value("${OTEL_EXPORTER_OTLP_ENDPOINT:}") String otlpEndpoint,
                             ConfigurableEnvironment environment) {
        return args -> {
            System.out.println("CONFIGURED port=" + port + " url=" + databaseUrl + " password="
                    + databasePassword + " newCheckout=" + newCheckout);
            // what /actuator/env would show: the property sources, and the one a value was taken from
            List<PropertySource<?>> sources = new ArrayList<>();
            environment.getPropertySources().forEach(source -> flatten(source, sources));
            System.out.println("SOURCES " + sources.stream().map(PropertySource::getName).toList());
            String from = sources.stream().filter(source -> source.containsProperty("OTEL_EXPORTER_OTLP_ENDPOINT"))
                    .map(PropertySource::getName).findFirst().orElse("nowhere");
            System.out.println("OTLP " + otlpEndpoint + " FROM " + from);
        };
    }

    private static void flatten(PropertySource<?> source, List<PropertySource<?>> into) {
        if (source instanceof CompositePropertySource composite) {
            composite.getPropertySources().forEach(inner -> flatten(inner, into));
        } else {
            into.add(source);
        }
    }
}
