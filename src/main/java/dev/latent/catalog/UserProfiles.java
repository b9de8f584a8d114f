package dev.latent.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latent.web.InvalidInputException;
import dev.latent.web.NotFoundException;
import dev.latent.ratings.RatingReads;
import dev.latent.ratings.RetriedTransaction;
import dev.latent.ratings.StoreKeys;
import dev.latent.web.Violation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * User profiles: the labels a frontend keeps on a user (on the same {@code users} row the ratings use, so
 * {@code DELETE /users/{userId}} forgets them too) and what the store knows of the user's ratings.
 * A profile may be put before the user rates anything.
 */
@Service
public class UserProfiles {

    @Schema(name = "UserProfile")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Profile(@Schema(example = "42") String userId, long ratingCount, Instant firstRatingAt,
                          Instant lastRatingAt, @Schema(example = "{\"segment\": \"premium\"}") JsonNode labels,
                          Instant updatedAt) {
    }

    /** A profile written, and whether the user was new. */
    public record Written(Profile profile, boolean created) {
    }

    private final JdbcTemplate jdbc;
    private final ItemDocuments documents;
    private final RetriedTransaction tx;
    private final RatingReads reads;
    private final JsonMapper json = JsonMapper.builder().build();

    UserProfiles(JdbcTemplate jdbc, ItemDocuments documents, PlatformTransactionManager transactions,
                 RatingReads reads) {
        this.jdbc = jdbc;
        this.reads = reads;
        this.documents = documents;
        this.tx = new RetriedTransaction(transactions);
    }

    public Profile get(String userId) {
        List<Object[]> user = jdbc.query("SELECT user_key, labels, updated_at FROM users WHERE external_id = ?",
                (rs, n) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getObject(3) == null ? null : rs.getLong(3)},
                userId);
        if (user.isEmpty()) {
            throw new NotFoundException("no user " + userId);
        }
        Object[] u = user.get(0);
        RatingReads.UserActivity activity = reads.activityOf(userId);
        long count = activity.count();
        return new Profile(userId, count, count == 0 ? null : Instant.ofEpochMilli(activity.firstTs()),
                count == 0 ? null : Instant.ofEpochMilli(activity.lastTs()),
                u[1] == null ? null : json.readTree((String) u[1]),
                u[2] == null ? null : Instant.ofEpochMilli((Long) u[2]));
    }

    /** PUT /users/{userId} {@code {"labels": {...}}}: replaces the labels, creating the user if needed. */
    public Written put(String userId, JsonNode body) {
        List<Violation> errors = new ArrayList<>();
        String labels = null;
        if (body == null || !body.isObject()) {
            errors.add(Violation.field("body", "must be a JSON object with labels"));
        } else {
            for (String name : body.propertyNames()) {
                if (!name.equals("labels")) {
                    errors.add(Violation.field(name, "is not a field of a user profile (known: labels)"));
                }
            }
            labels = documents.labels(body.get("labels"), "labels", null, null, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid user profile", errors);
        }
        String text = labels;
        long now = System.currentTimeMillis();
        boolean created = Boolean.TRUE.equals(tx.run(() -> jdbc.execute((ConnectionCallback<Boolean>) c -> {
            int[] key = new int[1];
            BitSet existed = new BitSet();
            StoreKeys.lookUp(c, StoreKeys.Table.USERS, List.of(userId), key, existed);
            boolean fresh = !existed.get(0);
            String sql = fresh ? "INSERT INTO users (labels, updated_at, external_id, user_key) VALUES (?, ?, ?, ?)"
                    : "UPDATE users SET labels = ?, updated_at = ? WHERE external_id = ? AND user_key = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, text);
                ps.setLong(2, now);
                ps.setString(3, userId);
                ps.setInt(4, fresh ? StoreKeys.nextKeys(c, StoreKeys.Table.USERS, 1)[0] : key[0]);
                ps.executeUpdate();
            }
            return fresh;
        })));
        return new Written(get(userId), created);
    }
}
