package dev.latent.ratings;

import dev.latent.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real server on a random port over H2 in file mode, in a temporary directory. Subclasses share one
 * Spring context (same configuration), and every test starts from empty tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordedEvents.class)
abstract class ApiTestSupport {

    static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void h2InTempDir(DynamicPropertyRegistry registry) {
        registry.add("latent.data-dir", DATA_DIR::toString);
        registry.add("latent.training.scheduled", () -> "false"); // no run of its own between two looks at the store
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RecordedEvents events;

    TestHttp http;

    @BeforeEach
    void emptyStore() {
        http = new TestHttp(port);
        empty();
        events.all.clear();
    }

    /**
     * Deletes every rating, user and item. The ratings and users by TRUNCATE (no foreign key points at them): a
     * DELETE of the 400,000 ratings ImportConcurrencyTest leaves took H2 seconds of CPU (a row at a time, each in
     * the undo log), and the next class in the same context paid them.
     */
    void empty() {
        jdbc.update("TRUNCATE TABLE ratings");
        jdbc.update("TRUNCATE TABLE users");
        jdbc.update("DELETE FROM items");
    }

    /** Every stored row of the three tables, in a fixed order: equal dumps mean an unchanged store. */
    List<String> dump() {
        List<String> rows = new java.util.ArrayList<>();
        rows.addAll(jdbc.queryForList("SELECT 'user ' || user_key || ' ' || external_id FROM users ORDER BY user_key", String.class));
        rows.addAll(jdbc.queryForList("SELECT 'item ' || item_key || ' ' || external_id FROM items ORDER BY item_key", String.class));
        rows.addAll(jdbc.queryForList("SELECT 'rating ' || user_key || ' ' || item_key || ' ' || rating || ' ' || ts "
                + "FROM ratings ORDER BY user_key, item_key", String.class));
        rows.add("training runs " + count("training_runs") + ", models " + count("models") + ", deletions "
                + count("deletions"));
        return rows;
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("latent-test-h2-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
