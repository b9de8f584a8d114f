package dev.latent.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.training.V3__run_losses_as_json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway runs in order ({@code spring.flyway.out-of-order} is off). A store that applied {@code V2} before
 * {@code V1_1} existed and then {@code V1_1} out of order (as the service did while out-of-order was on) still
 * validates and migrates with out-of-order off.
 */
class MigrationOrderTest {

    @TempDir
    Path dir;

    private Flyway flyway(String url, String location, String target, boolean outOfOrder) {
        var config = Flyway.configure().dataSource(url, "sa", "").locations(location)
                .javaMigrations(new V3__run_losses_as_json()).outOfOrder(outOfOrder);
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    @Test
    void aStoreThatAppliedV1_1AfterV2ValidatesWithOutOfOrderOff() throws IOException, URISyntaxException {
        Path migrations = Path.of(getClass().getResource("/db/migration/V1__ratings.sql").toURI()).getParent();
        Path withoutV1_1 = Files.createDirectories(dir.resolve("old-branch"));
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().startsWith("V1_1__")) {
                    Files.copy(f, withoutV1_1.resolve(f.getFileName()));
                }
            }
        }
        String url = "jdbc:h2:file:" + dir.resolve("latent") + ";WRITE_DELAY=0";
        // The old order: V1 and V2 first, on a branch without V1_1; then V1_1 out of order and the rest.
        flyway(url, "filesystem:" + withoutV1_1, "2", false).migrate();
        flyway(url, "classpath:db/migration", null, true).migrate();
        MigrationInfo v11 = Stream.of(flyway(url, "classpath:db/migration", null, false).info().all())
                .filter(m -> m.getVersion().getVersion().equals("1.1")).findFirst().orElseThrow();
        assertEquals(MigrationState.OUT_OF_ORDER, v11.getState());

        // As the service starts now: out-of-order off validates and has nothing left to apply.
        Flyway now = flyway(url, "classpath:db/migration", null, false);
        assertTrue(now.validateWithResult().validationSuccessful, () -> now.validateWithResult().getAllErrorMessages());
        assertEquals(0, now.migrate().migrationsExecuted);
        assertEquals(0, now.info().pending().length);
    }
}
