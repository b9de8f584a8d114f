package dev.latent.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Records bound to {@code latent.limits.*}, {@code latent.security.*} and {@code latent.cors.*}. */
public final class WebProperties {

    private WebProperties() {
    }

    /**
     * @param maxBodySize   largest JSON request body; more is 413
     * @param maxImportSize largest {@code POST /ratings/import} body as sent (compressed when gzip); more is 413
     */
    @ConfigurationProperties("latent.limits")
    public record Limits(@DefaultValue("4MB") DataSize maxBodySize, @DefaultValue("2GB") DataSize maxImportSize) {
    }

    /** @param apiKey when set, every request other than GET/HEAD/OPTIONS needs header {@code X-API-Key} */
    @ConfigurationProperties("latent.security")
    public record Security(@DefaultValue("") String apiKey) {
        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /** @param allowedOrigins origins allowed to call {@code /api/**} from a browser, e.g. http://localhost:3000 */
    @ConfigurationProperties("latent.cors")
    public record Cors(@DefaultValue({}) List<String> allowedOrigins) {
    }
}
