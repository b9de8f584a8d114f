package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latent.ratings.RatingRules;
import dev.latent.ratings.RatingsProperties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The one id rule: the check, the bean-validation pattern and the write paths' rule agree, with one message. */
class IdsTest {

    static final String[] GOOD = {"a", "42", "tt0133093", "a.b_c:d@e-f", "x".repeat(128)};
    static final String[] BAD = {"", " ", "a b", "a/b", "caf\u00e9", "x".repeat(129), "a$b", "<x>", "a\nb"};

    @Test
    void checkPatternAndTheWritePathsRuleAgree() {
        Pattern pattern = Pattern.compile(Ids.REGEXP);
        RatingRules rules = new RatingRules(new RatingsProperties(0.5, 5, 10, 10, 10, 10, 64, DataSize.ofBytes(0)));
        for (String id : GOOD) {
            assertThat(Ids.check(id)).as(id).isNull();
            assertThat(pattern.matcher(id).matches()).as(id).isTrue();
            assertThat(rules.checkId(id)).isNull();
        }
        for (String id : BAD) {
            assertThat(Ids.check(id)).as(id).startsWith(Ids.MESSAGE + ", was ");
            assertThat(pattern.matcher(id).matches()).as(id).isFalse();
            assertThat(rules.checkId(id)).isEqualTo(Ids.check(id));
        }
        assertThat(Ids.check("a b")).isEqualTo("must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -, was a b");
        assertThat(Ids.check("x".repeat(129))).endsWith(", was 129 characters");
        assertThat(Ids.check("")).endsWith(", was empty");
        assertThat(Ids.check(null)).endsWith(", was missing");
    }

    @Test
    void requireNamesTheField() {
        Ids.require("userId", "ok");
        assertThatThrownBy(() -> Ids.require("itemId", "a b")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("invalid itemId");
            assertThat(e.violations()).containsExactly(Violation.field("itemId", Ids.check("a b")));
        });
    }
}
