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
     * @param maxBodySize               largest JSON request body, after decompression; more is 413
     * @param maxImportSize             largest {@code POST /ratings/import} body as sent (compressed when gzip)
     * @param maxDecompressedImportSize largest import body after gzip decompression
     * @param maxCompressionRatio       most decompressed bytes per compressed byte (checked from 1 MiB on); more
     *                                  is refused as a decompression bomb
     */
    @ConfigurationProperties("latent.limits")
    public record Limits(@DefaultValue("4MB") DataSize maxBodySize, @DefaultValue("2GB") DataSize maxImportSize,
                         @DefaultValue("8GB") DataSize maxDecompressedImportSize,
                         @DefaultValue("100") int maxCompressionRatio) {
        public Limits {
            if (maxCompressionRatio < 1) {
                throw new IllegalArgumentException("latent.limits.max-compression-ratio must be at least 1");
            }
        }
    }

    /**
     * @param apiKey                 when set, every request needs header {@code X-API-Key}, except health
     *                               probes, the API documentation, CORS preflights and (see below) recommendations
     * @param publicRecommendations  when an API key is set, still serve recommendation, prediction, similar and
     *                               popular reads without it (they reveal scores, not rating histories)
     */
    @ConfigurationProperties("latent.security")
    public record Security(@DefaultValue("") String apiKey, @DefaultValue("true") boolean publicRecommendations) {
        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /** @param allowedOrigins origins allowed to call {@code /api/**} from a browser, e.g. http://localhost:3000 */
    @ConfigurationProperties("latent.cors")
    public record Cors(@DefaultValue({}) List<String> allowedOrigins) {
    }
}
