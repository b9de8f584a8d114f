package dev.latent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An import applies what it wrote to the catalogue view instead of re-reading the catalogue, and on H2 looks
 * its items up without locks: the view must still equal the store, and an item deleted while the import
 * writes it must still be stored.
 */
class CatalogImportConsistencyTest extends CatalogTestSupport {

    @Autowired
    CatalogWriter writer;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theViewAfterAnImportEqualsAReloadFromTheStore() {
        assertThat(http.json("PUT", "/api/v1/items/old", "{\"categories\":[\"a\"]}").status()).isEqualTo(201);
        long oldSince = view.get("old").catalogedAt();
        assertThat(http.json("PUT", "/api/v1/users/u1/ratings/rated", "{\"rating\":4}").status()).isLessThan(300);
        assertThat(view.get("rated")).as("known from ratings only").isNull();
        String lines = "{\"itemId\":\"old\",\"categories\":[\"z\",\"b\"],\"hidden\":true}\n"
                + "{\"itemId\":\"rated\",\"categories\":[\"c\"]}\n"
                + "{\"itemId\":\"new1\",\"categories\":[\"a\"]}\n"
                + "{\"itemId\":\"new2\",\"availableFrom\":\"2030-01-01T00:00:00Z\",\"availableUntil\":\"2031-01-01T00:00:00Z\"}\n"
                + "{\"itemId\":\"new1\",\"categories\":[\"d\",\"a\"]}\n"
                + "{\"itemId\":\"new3\"}\n{\"itemId\":\"new4\",\"labels\":{\"t\":1}}\n";
        Response r = http.send("POST", "/api/v1/items/import", "application/x-ndjson",
                lines.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("created").intValue()).isEqualTo(4);
        assertThat(r.json().get("updated").intValue()).isEqualTo(3); // old, rated, and new1 of the second chunk

        List<String> ids = List.of("old", "rated", "new1", "new2", "new3", "new4");
        List<String> applied = rules(ids);
        assertThat(view.get("old").catalogedAt()).as("kept its catalogue time").isEqualTo(oldSince);
        assertThat(view.get("old").categories()).containsExactly("b", "z");
        assertThat(view.get("old").hidden()).isTrue();
        assertThat(view.get("new1").categories()).as("the last line wins").containsExactly("a", "d");
        assertThat(view.get("rated").catalogedAt()).isEqualTo(view.get("new3").catalogedAt());
        view.reloadAll();
        assertThat(rules(ids)).as("what the import applied is what the store holds").isEqualTo(applied);
    }

    @Test
    void anItemDeletedWhileAnImportUpdatesItIsCreatedAgain() throws Exception {
        assertThat(http.json("PUT", "/api/v1/items/x", "{\"categories\":[\"a\"]}").status()).isEqualTo(201);
        int oldKey = jdbc.queryForObject("SELECT item_key FROM items WHERE external_id = 'x'", Integer.class);
        try (Connection deleter = jdbc.getDataSource().getConnection()) {
            deleter.setAutoCommit(false);
            deleter.createStatement().executeUpdate("DELETE FROM items WHERE external_id = 'x'");
            // the writer finds x (the delete is not committed), then waits for its row lock in the update
            CompletableFuture<CatalogWriter.Result> written = CompletableFuture.supplyAsync(() ->
                    new TransactionTemplate(transactions).execute(status -> writer.write(List.of(
                            new ItemDocument("x", List.of("b"), "{\"v\":2}", false, null, null)), 1_000L)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL",
                    Long.class) == 0 && !written.isDone()) {
                assertThat(System.nanoTime()).as("the writer waits for the lock").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(written.isDone()).as("blocked on the deleted row").isFalse();
            deleter.commit();
            CatalogWriter.Result result = written.get(30, TimeUnit.SECONDS);
            assertThat(result.created()).as("created again").isEqualTo(1);
            assertThat(result.updated()).isZero();
        }
        assertThat(jdbc.queryForObject("SELECT categories FROM items WHERE external_id = 'x'", String.class))
                .isEqualTo("b");
        assertThat(jdbc.queryForObject("SELECT item_key FROM items WHERE external_id = 'x'", Integer.class))
                .as("a new key").isNotEqualTo(oldKey);
        assertThat(jdbc.queryForObject("SELECT cataloged_at FROM items WHERE external_id = 'x'", Long.class))
                .isEqualTo(1_000L);
    }

    private List<String> rules(List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            ItemRules r = view.get(id);
            out.add(id + " " + Arrays.toString(r.categories()) + " " + r.hidden() + " " + r.availableFrom() + " "
                    + r.availableUntil() + " " + r.catalogedAt());
        }
        return out;
    }
}
