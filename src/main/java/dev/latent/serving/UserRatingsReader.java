package dev.latent.serving;

import dev.latent.ratings.RatingReads;
import org.springframework.stereotype.Component;

/** One user's current ratings from the store, for fold-in and explanations (through {@link RatingReads}). */
@Component
public class UserRatingsReader {

    /** A user's ratings as parallel arrays of client item ids and values. */
    public record UserRatings(String[] itemIds, float[] ratings) {
        public int size() {
            return itemIds.length;
        }
    }

    private final RatingReads reads;

    public UserRatingsReader(RatingReads reads) {
        this.reads = reads;
    }

    public UserRatings read(String userId) {
        RatingReads.UserRatings r = reads.ofUser(userId);
        return new UserRatings(r.itemIds(), r.ratings());
    }
}
