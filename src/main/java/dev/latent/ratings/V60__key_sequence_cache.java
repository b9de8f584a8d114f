package dev.latent.ratings;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * H2 only: lets the key sequences hand out 100,000 values between writes of their state instead of H2's
 * default 32. H2 records a sequence's state by committing its system session, which stores every changed
 * page of the database, the open import's pages too: drawing the 200,000 keys of a catalogue import took
 * 6,250 such stores, a large part of its time. A clean shutdown records the exact next value; a kill skips at
 * most the rest of one block, never reuses a key (21,000 kills would use up the int key space). PostgreSQL is
 * left alone: its {@code nextval} stores no page per call, and a cache there would be per connection and mix
 * the keys' creation order.
 */
@Component
public class V60__key_sequence_cache extends BaseJavaMigration {

    static final int CACHE = 100_000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (StoreKeys.isPostgres(c)) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (StoreKeys.Table table : StoreKeys.Table.values()) {
                st.execute("ALTER SEQUENCE " + table.sequence + " CACHE " + CACHE);
            }
        }
    }
}
