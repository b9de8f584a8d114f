package dev.latent.training;

import dev.latent.factorization.RatingMatrix;

/**
 * The observed ratings at one moment, as the engine's matrix plus the client ids of its dense indices.
 *
 * @param matrix      the ratings over dense indices
 * @param userIds     client id of each dense user index
 * @param itemIds     client id of each dense item index
 * @param fingerprint what the store held, to tell later whether anything changed
 * @param millis      how long the read took
 */
public record RatingSnapshot(RatingMatrix matrix, String[] userIds, String[] itemIds, String fingerprint,
                             long millis) {
}
