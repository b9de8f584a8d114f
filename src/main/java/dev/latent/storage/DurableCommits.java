package dev.latent.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes "an acknowledged write survives a crash" a property of the service rather than of the JDBC URL.
 * <ul>
 *   <li>H2: a file URL without {@code WRITE_DELAY} gets {@code WRITE_DELAY=0} (H2's default of 500 ms lost 554 of
 *       3,154 acknowledged writes on kill -9); an explicit non-zero {@code WRITE_DELAY}, {@code LOG=0|1},
 *       {@code FILE_LOCK=NO} or an in-memory database is refused at start-up. A {@code LOCK_TIMEOUT} is added
 *       ({@code latent.storage.lock-timeout}) so writes wait for a running import instead of failing after H2's
 *       one second.</li>
 *   <li>After the pool opens, the settings the database actually runs with are checked: H2 {@code WRITE_DELAY}
 *       must be 0; PostgreSQL {@code fsync} and {@code synchronous_commit} must not be off.</li>
 * </ul>
 * {@code latent.storage.require-durable-commits=false} turns the refusals into warnings, for throw-away stores.
 */
final class DurableCommits implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);
    private static final Pattern SETTING = Pattern.compile(";\\s*([A-Za-z_]+)\\s*=\\s*([^;]*)");

    private final StorageProperties properties;

    DurableCommits(StorageProperties properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                && hikari.getJdbcUrl().startsWith("jdbc:h2:")) {
            hikari.setJdbcUrl(h2Url(hikari.getJdbcUrl()));
        }
        if (bean instanceof DataSource dataSource) {
            try {
                checkRunning(dataSource);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot check the store's durability settings: " + e.getMessage(), e);
            }
        }
        return bean;
    }

    /** The H2 URL with the settings durability needs, or an exception naming the one that loses writes. */
    String h2Url(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        String rest = lower.substring("jdbc:h2:".length());
        if (rest.startsWith("mem:") || rest.startsWith("memfs:") || rest.startsWith("memlzf:")) {
            refuse(url, "an in-memory H2 database loses every write when the process ends");
        }
        StringBuilder fixed = new StringBuilder(url);
        String writeDelay = setting(url, "WRITE_DELAY");
        if (writeDelay == null) {
            fixed.append(";WRITE_DELAY=0");
            log.info("H2 URL without WRITE_DELAY: added WRITE_DELAY=0 so every commit is written before it is acknowledged");
        } else if (!writeDelay.trim().equals("0")) {
            refuse(url, "WRITE_DELAY=" + writeDelay + " acknowledges commits up to " + writeDelay
                    + " ms before they are written: a crash loses them. Remove it or set WRITE_DELAY=0");
        }
        String logMode = setting(url, "LOG");
        if (logMode != null && !logMode.trim().equals("2")) {
            refuse(url, "LOG=" + logMode + " turns off the transaction log: a crash loses or corrupts commits");
        }
        String fileLock = setting(url, "FILE_LOCK");
        if (fileLock != null && fileLock.trim().equalsIgnoreCase("NO")) {
            refuse(url, "FILE_LOCK=NO lets a second process open and corrupt the same file");
        }
        if (setting(url, "LOCK_TIMEOUT") == null) {
            fixed.append(";LOCK_TIMEOUT=").append(properties.lockTimeout().toMillis());
        }
        return fixed.toString();
    }

    /** Checks the settings the open database runs with (before Flyway or anything else uses it). */
    void checkRunning(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                try (ResultSet rs = st.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                    if (rs.next() && !"0".equals(rs.getString(1).trim())) {
                        refuse(c.getMetaData().getURL(), "the database runs with WRITE_DELAY " + rs.getString(1)
                                + " (set by the server or an INIT script): SET WRITE_DELAY 0");
                    }
                }
            } else if (product.contains("postgres")) {
                for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                    try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                        if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                            refuse(c.getMetaData().getURL(), setting + " is off: PostgreSQL acknowledges commits it "
                                    + "has not flushed, and a crash loses them. Set " + setting + " = on");
                        }
                    }
                }
            }
        }
    }

    private void refuse(String url, String why) {
        String message = "The store " + url + " can lose acknowledged writes: " + why
                + " (or set latent.storage.require-durable-commits=false for a throw-away store)";
        if (properties.requireDurableCommits()) {
            throw new IllegalStateException(message);
        }
        log.warn(message);
    }

    private static String setting(String url, String name) {
        Matcher m = SETTING.matcher(url);
        String value = null;
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) {
                value = m.group(2);
            }
        }
        return value;
    }
}
