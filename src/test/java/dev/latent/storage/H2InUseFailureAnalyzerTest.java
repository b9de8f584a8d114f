package dev.latent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The start-up message of a second process on the same H2 file (checked by hand with two real processes). */
class H2InUseFailureAnalyzerTest {

    @Test
    void namesTheCauseAndTheWayOut() {
        SQLException h2 = new SQLException("Database may be already in use: \"/data/latent.mv.db\". Possible "
                + "solutions: close all other connection(s); use the server mode [90020-240]", "90020", 90020);
        FailureAnalysis a = new H2InUseFailureAnalyzer().analyze(new IllegalStateException("wrapped",
                new RuntimeException(h2)));
        assertThat(a).isNotNull();
        assertThat(a.getDescription()).contains("in use by another process", "single-instance", "latent.mv.db");
        assertThat(a.getAction()).contains("latent.data-dir", "postgres", "docs/scaling.md");
    }

    @Test
    void leavesOtherFailuresAlone() {
        assertThat(new H2InUseFailureAnalyzer().analyze(new SQLException("other", "08001", 90000))).isNull();
    }
}
