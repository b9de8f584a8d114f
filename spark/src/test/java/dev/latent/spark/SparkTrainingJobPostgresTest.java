package dev.latent.spark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * The same end-to-end run on PostgreSQL (127.0.0.1:5432, database {@code test}, a schema of its own): the
 * production path of the JDBC source and of the writer. Runs with {@code -Ppostgres} (.ci/run).
 */
@Tag("postgres")
class SparkTrainingJobPostgresTest extends SparkTrainingJobTest {

    private static final String SCHEMA = "latent_spark_test";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    protected String storeUrl(Path dir) {
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 (database test) is needed: " + e.getMessage(),
                    e);
        }
        return SERVER + "?currentSchema=" + SCHEMA;
    }

    @Override
    protected List<String> serviceStoreArgs() {
        return List.of("--spring.profiles.active=postgres", "--spring.flyway.schemas=" + SCHEMA,
                "--spring.datasource.username=postgres");
    }

    @Override
    protected String user() {
        return "postgres";
    }
}
