package dev.latent.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error answer of one operation for the OpenAPI document: {@link OpenApiConfig} turns it into a response
 * of that status with the Problem schema and an example of the problem the service gives. The errors every
 * operation of a kind can give (400 on input, 401 with the key, 413 and 415 on bodies, 409 and 503 on store
 * writes) are added there; a handler declares only the errors of its own (404, 409 of training, ...).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemResponse.List.class)
public @interface ProblemResponse {

    int status();

    String description();

    /** The example's {@code detail}. */
    String detail();

    /** Further members of the example as a JSON object, e.g. {@code {"runId": 17}} or an {@code errors} list. */
    String members() default "{}";

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        ProblemResponse[] value();
    }
}
