package dev.latent.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Moves an item's categories from the {@code item_categories} table onto its {@code items} row, as the sorted
 * ids joined by single spaces ({@link ItemCategories}). A row per (category, item) cost H2 three B-tree entries,
 * a foreign-key probe and their share of the commit: three quarters of a catalogue import's time (13,600
 * items/s for 200,000 items of 2-4 categories). The catalogue's rules are read from memory
 * ({@link CatalogView}); the store only lists by category ({@code GET /items?category=}, a scan in key order
 * like the {@code hidden} filter) and filters the model-less popular list. In Java because H2 and PostgreSQL
 * aggregate strings differently.
 */
@Component
public class V61__categories_on_the_item_row extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE items ADD COLUMN categories VARCHAR");
        }
        try (Statement select = c.createStatement();
             ResultSet rs = select.executeQuery("SELECT item_key, category FROM item_categories"
                     + " ORDER BY item_key, category");
             PreparedStatement update = c.prepareStatement("UPDATE items SET categories = ? WHERE item_key = ?")) {
            int key = -1;
            StringBuilder text = new StringBuilder();
            int pending = 0;
            while (rs.next()) {
                if (rs.getInt(1) != key) {
                    pending += flush(update, key, text);
                    key = rs.getInt(1);
                    text.setLength(0);
                }
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(rs.getString(2));
                if (pending >= 1000) {
                    update.executeBatch();
                    pending = 0;
                }
            }
            flush(update, key, text);
            update.executeBatch();
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE item_categories");
        }
    }

    private static int flush(PreparedStatement update, int key, StringBuilder text) throws java.sql.SQLException {
        if (key < 0) {
            return 0;
        }
        update.setString(1, text.toString());
        update.setInt(2, key);
        update.addBatch();
        return 1;
    }
}
