package dev.latent.catalog;

import dev.latent.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real server on a random port over H2 in file mode, in a temporary directory; every test starts and
 * ends with empty tables and an empty catalogue view. Imports write chunks of 3 items, so a bad line after
 * the first chunks shows that written chunks are rolled back too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"latent.catalog.import-chunk=3", "latent.training.scheduled=false"})
abstract class CatalogTestSupport {

    static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void h2InTempDir(DynamicPropertyRegistry registry) {
        registry.add("latent.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CatalogView view;

    TestHttp http;

    @BeforeEach
    @AfterEach
    void emptyStore() {
        http = new TestHttp(port);
        jdbc.update("DELETE FROM ratings");
        jdbc.update("DELETE FROM users");
        jdbc.update("DELETE FROM items");
        view.reloadAll();
    }

    /** Every stored row of the catalogue tables, in a fixed order: equal dumps mean an unchanged store. */
    List<String> dump() {
        List<String> rows = new ArrayList<>();
        rows.addAll(jdbc.queryForList("SELECT 'item ' || item_key || ' ' || external_id || ' ' || hidden || ' '"
                + " || COALESCE(CAST(available_from AS VARCHAR), '-') || ' ' || COALESCE(labels, '-')"
                + " || ' ' || COALESCE(CAST(updated_at AS VARCHAR), '-') || ' ' || COALESCE(categories, '-')"
                + " FROM items ORDER BY item_key", String.class));
        rows.addAll(jdbc.queryForList("SELECT 'user ' || user_key || ' ' || external_id || ' ' || COALESCE(labels, '-')"
                + " FROM users ORDER BY user_key", String.class));
        return rows;
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("latent-catalog-h2-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
