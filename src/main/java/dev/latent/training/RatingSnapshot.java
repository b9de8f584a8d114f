package dev.latent.training;

import dev.latent.model.FeedMark;
import dev.latent.model.Ratings;

/**
 * The observed ratings at one moment: rating triples over dense indices with the client ids of those
 * indices (the engine's {@link Ratings}), ready to split and to build matrices from.
 *
 * @param ratings     the triples and id maps
 * @param fingerprint what the store held, to tell later whether anything changed
 * @param millis      how long the read took
 * @param feedMark    the change-feed rows the same snapshot saw
 */
public record RatingSnapshot(Ratings ratings, String fingerprint, long millis, FeedMark feedMark) {
}
