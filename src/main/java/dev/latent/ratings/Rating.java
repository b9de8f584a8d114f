package dev.latent.ratings;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One observed rating; {@code ts} is epoch milliseconds. Written by {@link RatingWriter}, read through JPA. */
@Entity
@Table(name = "ratings")
public class Rating {

    @EmbeddedId
    private RatingId id;

    @Column(name = "rating", nullable = false)
    private float rating;

    @Column(name = "ts", nullable = false)
    private long ts;

    protected Rating() {
    }

    public RatingId getId() {
        return id;
    }

    public float getRating() {
        return rating;
    }

    public long getTs() {
        return ts;
    }
}
