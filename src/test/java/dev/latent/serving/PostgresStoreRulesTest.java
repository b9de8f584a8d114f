package dev.latent.serving;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The rule cases before the first model ({@link StoreRulesTest}) on PostgreSQL, in a schema of its own. */
@Tag("postgres")
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true&currentSchema="
                + PostgresStoreRulesTest.SCHEMA,
        "spring.flyway.schemas=" + PostgresStoreRulesTest.SCHEMA})
class PostgresStoreRulesTest extends StoreRulesTest {

    static final String SCHEMA = "latent_store_rules_it";
}
