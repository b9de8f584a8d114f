package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

class LossHistoryTest {

    @Test
    void appendsLossesPerPhaseInOrder() {
        String json = "[]";
        json = LossHistory.append(json, "rating-fit", 0.9f);
        json = LossHistory.append(json, "rating-fit", 0.8f);
        json = LossHistory.append(json, "ranking-fit", 0.5f);
        assertEquals("[{\"phase\":\"rating-fit\",\"first\":1,\"losses\":[0.9,0.8]},"
                + "{\"phase\":\"ranking-fit\",\"first\":1,\"losses\":[0.5]}]", json);
    }

    /** A long run keeps its newest losses within the column and says where the kept ones start. */
    @Test
    void dropsTheOldestLossesToStayWithinTheColumn() {
        String json = "[]";
        for (int i = 0; i < 3000; i++) {
            json = LossHistory.append(json, i < 2000 ? "rating-fit" : "rating-refit", 0.123456f + i * 1e-6f);
        }
        assertTrue(json.length() <= LossHistory.MAX_CHARS, "length " + json.length());
        List<LossHistory.Segment> kept = LossHistory.read(json);
        LossHistory.Segment last = kept.get(kept.size() - 1);
        assertEquals("rating-refit", last.phase());
        assertEquals(1000, last.losses().size());
        if (kept.size() == 2) {
            LossHistory.Segment first = kept.get(0);
            assertEquals(2000, first.first() + first.losses().size() - 1, "the newest rating-fit loss is kept");
        }
    }

    /** V3 rewrites runs stored as "phase:loss,..." text into the JSON history, iterations counted per phase. */
    @Test
    void migrationRewritesLegacyText() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:losses-v3;DB_CLOSE_DELAY=-1", "sa", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE training_runs (run_id BIGINT PRIMARY KEY, losses VARCHAR(20000))");
                st.execute("INSERT INTO training_runs VALUES (1, 'rating-fit:0.95,rating-fit:0.9,ranking-fit:0.5'), "
                        + "(2, ''), (3, NULL), (4, '[{\"phase\":\"a\",\"first\":1,\"losses\":[1.0]}]')");
            }
            new V3__run_losses_as_json().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return c;
                }
            });
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT losses FROM training_runs ORDER BY run_id")) {
                rs.next();
                assertEquals("[{\"phase\":\"rating-fit\",\"first\":1,\"losses\":[0.95,0.9]},"
                        + "{\"phase\":\"ranking-fit\",\"first\":1,\"losses\":[0.5]}]", rs.getString(1));
                rs.next();
                assertEquals("[]", rs.getString(1));
                rs.next();
                assertEquals(null, rs.getString(1));
                rs.next();
                assertEquals("[{\"phase\":\"a\",\"first\":1,\"losses\":[1.0]}]", rs.getString(1));
            }
        }
    }
}
