package dev.latent.web;

import dev.latent.storage.FreeSpace;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;

/**
 * The servlet filters, outermost first: CORS (so that even a 401 or 413 carries the CORS headers a browser
 * needs to read it), the API key, then the request body limits and decoding. Also: strict JSON (a repeated
 * key is an error, not "the last one wins"), the Accept check before any handler runs, and Tomcat's own
 * error reports as problem+json.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final FreeSpace freeSpace;

    WebConfig(FreeSpace freeSpace) {
        this.freeSpace = freeSpace;
    }

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(WebProperties.Cors cors) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(cors.allowedOrigins());
        config.addAllowedMethod("*");
        config.addAllowedHeader("*");
        config.addExposedHeader("Location");
        config.addExposedHeader("Retry-After");
        config.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", config);
        FilterRegistrationBean<CorsFilter> bean = new FilterRegistrationBean<>(new CorsFilter(source));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(WebProperties.Security security) {
        FilterRegistrationBean<ApiKeyFilter> bean = new FilterRegistrationBean<>(new ApiKeyFilter(security));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return bean;
    }

    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(WebProperties.Limits limits) {
        FilterRegistrationBean<RequestBodyFilter> bean = new FilterRegistrationBean<>(new RequestBodyFilter(limits));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return bean;
    }

    /** {"rating": 9, "rating": 4.5} is ambiguous: refuse it rather than keep whichever came last. */
    @Bean
    JsonMapperBuilderCustomizer strictDuplicateKeys() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Tomcat's error report valve is the last word on requests Spring never sees. */
    @Bean
    TomcatContextCustomizer problemReports() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        };
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AcceptCheck()).addPathPatterns("/api/**");
        registry.addInterceptor(new FreeSpaceCheck(freeSpace)).addPathPatterns("/api/**");
    }
}
