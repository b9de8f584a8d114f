package dev.latent.ratings;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The whole bad-input catalogue against PostgreSQL, in a schema of its own: zero 5xx, nothing stored. */
@Tag("postgres")
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true&currentSchema="
                + PostgresBadInputCatalogueTest.SCHEMA,
        "spring.flyway.schemas=" + PostgresBadInputCatalogueTest.SCHEMA})
class PostgresBadInputCatalogueTest extends BadInputCatalogueTest {

    static final String SCHEMA = "latent_robust_catalogue";
}
