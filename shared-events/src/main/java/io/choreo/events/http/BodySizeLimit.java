package io.choreo.events.http;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Refuses a request body over {@code choreo.http.max-body-size} with a 413 problem before any
 * resource reads it. (A chunked body with no length is stopped by
 * {@code quarkus.http.limits.max-body-size}, set higher.)
 */
public class BodySizeLimit {

    void install(
            @Observes Router router,
            @ConfigProperty(name = "choreo.http.max-body-size", defaultValue = "64K") MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(-1000).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long size;
            try {
                size = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size > max) {
                JsonObject problem = new JsonObject()
                        .put("type", "about:blank")
                        .put("title", "Content Too Large")
                        .put("status", 413)
                        .put("detail", "The body has " + size + " bytes; at most " + max + " are accepted.")
                        .put("instance", ctx.request().path());
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(problem.encode());
            } else {
                ctx.next();
            }
        });
    }
}
