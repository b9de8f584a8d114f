package dev.latent.ratings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A client's user id mapped to the small int key the ratings table uses. Keys come from {@code user_key_seq}. */
@Entity
@Table(name = "users")
public class User {

    @Id
    @Column(name = "user_key", nullable = false)
    private Integer key;

    @Column(name = "external_id", nullable = false, length = 128, unique = true)
    private String externalId;

    protected User() {
    }

    public Integer getKey() {
        return key;
    }

    public String getExternalId() {
        return externalId;
    }
}
