package dev.latent.storage;

import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code latent.storage.*}.
 *
 * @param requireDurableCommits refuse to start on a store that can lose acknowledged writes (H2 in memory or with
 *                              a write delay, PostgreSQL with {@code fsync} or {@code synchronous_commit} off);
 *                              false only for throw-away stores
 * @param lockTimeout           how long an H2 write waits for rows another transaction (an import) holds before it
 *                              is answered 503 with Retry-After
 * @param retryAfter            the Retry-After of a 503 for a busy or failed store
 * @param probeInterval         readiness checks that the store takes a write at most this often
 * @param minFreeSpace          H2 file store: below this much free space on its filesystem, writes are answered
 *                              503 (and readiness is down) before H2 touches the disk; 0 turns the check off
 */
@ConfigurationProperties("latent.storage")
public record StorageProperties(@DefaultValue("true") boolean requireDurableCommits,
                                @DefaultValue("30s") Duration lockTimeout,
                                @DefaultValue("5s") Duration retryAfter,
                                @DefaultValue("2s") Duration probeInterval,
                                @DefaultValue("64MB") DataSize minFreeSpace) {
}
