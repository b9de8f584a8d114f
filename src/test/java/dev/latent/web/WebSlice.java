package dev.latent.web;

import dev.latent.ratings.RatingsProperties;
import dev.latent.storage.FreeSpace;
import dev.latent.storage.StorageFixtures;
import dev.latent.storage.StorageProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What a {@code @WebMvcTest} slice of one controller needs beside it, the {@link ProblemHandler} and the web
 * configuration ({@link WebConfig}: filters, the Accept check, strict JSON): the settings they read and a store
 * free-space check that never refuses (a slice has no store).
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({StorageProperties.class, RatingsProperties.class, WebProperties.Limits.class,
        WebProperties.Security.class, WebProperties.Cors.class})
public class WebSlice {

    @Bean
    FreeSpace freeSpace() {
        return StorageFixtures.noFreeSpaceCheck();
    }
}
