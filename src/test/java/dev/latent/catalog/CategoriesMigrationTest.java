package dev.latent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.ratings.V60__key_sequence_cache;
import dev.latent.training.V3__run_losses_as_json;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** V61 moves the categories of a store written before it onto the item rows, sorted, and drops the old table. */
class CategoriesMigrationTest {

    @Test
    void categoriesOfAnOldStoreMoveOntoTheItemRows() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:categories-migration;DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        flyway(ds, "40").migrate();
        jdbc.update("INSERT INTO items (item_key, external_id, cataloged_at) VALUES (1, 'a', 1), (2, 'b', 1), (3, 'r', NULL)");
        jdbc.update("INSERT INTO item_categories (category, item_key) VALUES ('Drama', 1), ('Comedy', 1), ('x.y', 2)");
        flyway(ds, "latest").migrate();
        assertThat(jdbc.queryForList("SELECT external_id || '=' || COALESCE(categories, '-') FROM items ORDER BY item_key",
                String.class)).containsExactly("a=Comedy Drama", "b=x.y", "r=-");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'ITEM_CATEGORIES'",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT cache FROM information_schema.sequences WHERE sequence_name = 'ITEM_KEY_SEQ'",
                Long.class)).isEqualTo(100_000L);
    }

    private static Flyway flyway(JdbcDataSource ds, String target) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration").outOfOrder(true).target(target)
                .javaMigrations(new V3__run_losses_as_json(), new V60__key_sequence_cache(),
                        new V61__categories_on_the_item_row())
                .load();
    }
}
