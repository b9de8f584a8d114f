package dev.latent.storage;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Durability checks of the store and its readiness indicator. */
@Configuration(proxyBeanMethods = false)
class StorageConfig {

    /** Static and bound by hand: a bean post-processor runs before configuration properties beans exist. */
    @Bean
    static DurableCommits durableCommits(Environment environment) {
        return new DurableCommits(Binder.get(environment).bind("latent.storage", StorageProperties.class)
                .orElseGet(() -> new StorageProperties(true, java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(2),
                        org.springframework.util.unit.DataSize.ofMegabytes(64))));
    }

    @Bean
    FreeSpace freeSpace(Environment environment, StorageProperties properties) {
        return FreeSpace.of(environment.getProperty("spring.datasource.url", ""), properties.minFreeSpace());
    }

    @Bean("storage")
    StorageHealth storageHealth(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                                StorageProperties properties, FreeSpace freeSpace) {
        return new StorageHealth(jdbc, transactions, properties, freeSpace);
    }
}
