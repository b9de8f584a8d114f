package dev.latent;

import dev.latent.cli.Cli;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the jar. {@code java -jar latent.jar evaluate|generate ...} runs a command-line tool
 * of the pure engine without starting Spring; anything else starts the web service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LatentApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && Cli.isCommand(args[0])) {
            System.exit(Cli.run(args));
        }
        SpringApplication.run(LatentApplication.class, args);
    }

    /**
     * The time the service decides by (when a scheduled run searches again, what a run records as now): the
     * system clock in UTC; tests put a fixed or mutable one in its place.
     */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
