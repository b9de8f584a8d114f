package dev.latent.training;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Rewrites the losses of runs stored before V3 from {@code phase:loss,...} text into the JSON of
 * {@link LossHistory}. In Java because the text has to be parsed, the same way on H2 and PostgreSQL (a bean:
 * Spring Boot hands JavaMigration beans to Flyway).
 */
@Component
public class V3__run_losses_as_json extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement select = context.getConnection().createStatement();
             ResultSet rs = select.executeQuery("SELECT run_id, losses FROM training_runs WHERE losses IS NOT NULL");
             PreparedStatement update = context.getConnection().prepareStatement(
                     "UPDATE training_runs SET losses = ? WHERE run_id = ?")) {
            while (rs.next()) {
                String text = rs.getString(2);
                if (text.startsWith("[")) {
                    continue;
                }
                update.setString(1, LossHistory.write(LossHistory.fromLegacyText(text)));
                update.setLong(2, rs.getLong(1));
                update.executeUpdate();
            }
        }
    }
}
