package dev.latent.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard at {@code /} needs to know before it calls the API: whether this server asks for an API
 * key (then the page asks the operator for it before any keyed read, instead of collecting 401s) and whether
 * recommendation reads are open without one. Open like the page itself; it tells nothing a 401 would not.
 * Not part of the API contract, so not in the OpenAPI document.
 */
@Hidden
@RestController
class DashboardController {

    private final WebProperties.Security security;

    DashboardController(WebProperties.Security security) {
        this.security = security;
    }

    @GetMapping(path = "/dashboard/settings", produces = "application/json")
    Map<String, Object> settings() {
        return Map.of("apiKeyRequired", security.enabled(),
                "publicRecommendations", !security.enabled() || security.publicRecommendations());
    }
}
