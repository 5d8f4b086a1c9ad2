package io.choreo.events.http;

import java.util.UUID;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every response carries {@code X-Correlation-Id}: the one a resource set (an order's), else the
 * one the client sent, else a new one.
 */
public class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";

    @ServerResponseFilter
    public void addHeader(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getHeaderString(HEADER) == null) {
            String sent = request.getHeaderString(HEADER);
            response.getHeaders()
                    .putSingle(
                            HEADER,
                            sent != null && !sent.isBlank()
                                    ? sent
                                    : UUID.randomUUID().toString());
        }
    }
}
