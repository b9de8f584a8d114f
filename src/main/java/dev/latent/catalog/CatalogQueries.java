package dev.latent.catalog;

import dev.latent.ratings.RatingReads;
import dev.latent.web.InvalidInputException;
import dev.latent.web.NotFoundException;
import dev.latent.web.Violation;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** The read side of the catalogue, straight from the store. */
@Service
public class CatalogQueries {

    /** One page of {@code GET /items}; {@code nextCursor} is null on the last page. */
    public record ItemPage(List<ItemView> items, String nextCursor) {
    }

    private static final String COLUMNS = "i.item_key, i.external_id, i.hidden, i.available_from, i.available_until,"
            + " i.labels, i.cataloged_at, i.updated_at, i.categories";

    private final JdbcTemplate jdbc;
    private final RatingReads reads;
    private final JsonMapper json = JsonMapper.builder().build();

    CatalogQueries(JdbcTemplate jdbc, RatingReads reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    /** One item with its rating count and mean ({@link RatingReads#statsOf}). */
    public ItemView item(String itemId) {
        List<ItemView> found = select(" WHERE i.external_id = ?", new Object[] {itemId});
        if (found.isEmpty()) {
            throw new NotFoundException("no item " + itemId);
        }
        ItemView v = found.get(0);
        RatingReads.ItemStats stats = reads.statsOf(itemId);
        return new ItemView(v.itemId(), v.categories(), v.labels(), v.hidden(), v.availableFrom(), v.availableUntil(),
                v.catalogedAt(), v.updatedAt(), stats.count(), stats.mean());
    }

    /**
     * Items in key order (creation order), after the cursor; optionally only one category and/or one value
     * of hidden. The cursor is the last key of the previous page, opaque to clients. Both filters are
     * conditions of a scan in key order from the cursor (neither has an index, so an import writes one B-tree
     * entry less per item): a page of a rare category reads past the items between its matches.
     */
    public ItemPage list(String category, Boolean hidden, String cursor, int size) {
        int after = cursor == null || cursor.isEmpty() ? 0 : decode(cursor);
        StringBuilder where = new StringBuilder(" WHERE i.item_key > ?");
        List<Object> args = new ArrayList<>(List.of(after));
        if (category != null) {
            where.append(" AND ").append(ItemCategories.anyOf("i.categories", 1));
            args.add(ItemCategories.parameter(category));
        }
        if (hidden != null) {
            where.append(" AND i.hidden = ?");
            args.add(hidden);
        }
        where.append(" ORDER BY i.item_key LIMIT ").append(size + 1);
        List<ItemView> rows = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        selectInto(where.toString(), args.toArray(), rows, keys);
        String next = null;
        if (rows.size() > size) {
            rows.remove(size);
            next = encode(keys.get(size - 1));
        }
        return new ItemPage(rows, next);
    }

    /** The stored entry of an item, its row locked for update; null when there is no such item. */
    ItemDocument lockedDocument(String itemId) {
        List<Integer> key = jdbc.queryForList("SELECT item_key FROM items WHERE external_id = ? FOR UPDATE",
                Integer.class, itemId);
        if (key.isEmpty()) {
            return null;
        }
        ItemView v = select(" WHERE i.item_key = ?", new Object[] {key.get(0)}).get(0);
        return new ItemDocument(itemId, v.categories(), v.labels() == null ? null : json.writeValueAsString(v.labels()),
                v.hidden(), v.availableFrom() == null ? null : v.availableFrom().toEpochMilli(),
                v.availableUntil() == null ? null : v.availableUntil().toEpochMilli());
    }

    private List<ItemView> select(String where, Object[] args) {
        List<ItemView> rows = new ArrayList<>();
        selectInto(where, args, rows, new ArrayList<>());
        return rows;
    }

    private void selectInto(String where, Object[] args, List<ItemView> rows, List<Integer> keys) {
        List<Object[]> raw = jdbc.query("SELECT " + COLUMNS + " FROM items i" + where, (rs, n) -> row(rs), args);
        if (raw.isEmpty()) {
            return;
        }
        for (Object[] r : raw) {
            int key = (Integer) r[0];
            keys.add(key);
            rows.add(new ItemView((String) r[1], ItemCategories.list((String) r[8]),
                    r[5] == null ? null : json.readTree((String) r[5]), (Boolean) r[2], instant(r[3]), instant(r[4]),
                    instant(r[6]), instant(r[7]), null, null));
        }
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        return new Object[] {rs.getInt(1), rs.getString(2), rs.getBoolean(3), nullableLong(rs, 4), nullableLong(rs, 5),
                rs.getString(6), nullableLong(rs, 7), nullableLong(rs, 8), rs.getString(9)};
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli((Long) millis);
    }

    private static String encode(int key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k" + key).getBytes(StandardCharsets.US_ASCII));
    }

    private static int decode(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith("k")) {
                return Integer.parseInt(s.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidInputException("invalid cursor", List.of(Violation.field("cursor",
                "is not a cursor this service gave out (use nextCursor of the previous page)")));
    }
}
