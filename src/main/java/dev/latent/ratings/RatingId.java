package dev.latent.ratings;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;

/** The primary key of a rating: (user key, item key). */
@Embeddable
public record RatingId(@Column(name = "user_key", nullable = false) Integer userKey,
                       @Column(name = "item_key", nullable = false) Integer itemKey) implements Serializable {
}
