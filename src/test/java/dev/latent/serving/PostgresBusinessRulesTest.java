package dev.latent.serving;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every case of {@link BusinessRulesTest} on PostgreSQL, in a schema of its own: the rule cases over every list
 * endpoint, paging, explanations (a model user and a folded-in one), latest and trending items, group and
 * context lists (the basket not stored), similar users and surprising items.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true&currentSchema="
                + PostgresBusinessRulesTest.SCHEMA,
        "spring.flyway.schemas=" + PostgresBusinessRulesTest.SCHEMA})
class PostgresBusinessRulesTest extends BusinessRulesTest {

    static final String SCHEMA = "latent_business_rules_it";
}
