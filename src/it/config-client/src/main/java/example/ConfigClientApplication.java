package example;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Prints what it was configured with, the way an application would use it, then exits. */
@SpringBootApplication
public class ConfigClientApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConfigClientApplication.class, args).close();
    }

    @Bean
    CommandLineRunner report(@Value("${server.port}") int port, @Value("${DATABASE_URL}") String databaseUrl,
                             @Value("${DATABASE_PASSWORD}") String databasePassword,
                             @Value("${FEATURE_NEW_CHECKOUT}") boolean newCheckout) {
        return args -> System.out.println("CONFIGURED port=" + port + " url=" + databaseUrl + " password="
                + databasePassword + " newCheckout=" + newCheckout);
    }
}
