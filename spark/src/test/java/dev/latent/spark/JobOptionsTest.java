package dev.latent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.factorization.AlsConfig;
import org.junit.jupiter.api.Test;

/** The job's arguments: defaults are the service's, switches and values are read, mistakes are named. */
class JobOptionsTest {

    @Test
    void defaultsAreTheServiceDefaultsAndSwitchesAreRead() {
        JobOptions o = JobOptions.parse(new String[] {"--input", "ratings.tsv", "--no-write", "--no-ranking"});
        assertEquals("tsv", o.format());
        assertFalse(o.write());
        assertFalse(o.ranking());
        AlsConfig c = o.rating(false);
        assertEquals(AlsConfig.DEFAULTS.rank(), c.rank());
        assertEquals(AlsConfig.DEFAULTS.lambda(), c.lambda());
        assertEquals(AlsConfig.DEFAULTS.iterations(), c.iterations());
        assertEquals(5, o.rating(true).iterations(), "the refit's iterations");
        assertEquals(4.0f, JobOptions.parse(new String[] {"--input", "r.csv", "--no-write", "--min", "1",
                "--max", "5"}).relevantAtLeast());
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(new String[] {"--input",
                "r.csv", "--no-write", "--rnak", "8"})).getMessage().startsWith("unknown option --rnak"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(new String[] {"--store",
                "jdbc:h2:mem:x", "--rank", "eight"})).getMessage().contains("--rank must be an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(new String[] {"--input",
                "r.csv"})).getMessage().startsWith("--store is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(new String[] {"--store",
                "jdbc:h2:mem:x", "--holdout", "0.9"})).getMessage().contains("--holdout"));
    }
}
