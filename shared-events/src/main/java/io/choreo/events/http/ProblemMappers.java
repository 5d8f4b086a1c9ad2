package io.choreo.events.http;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.choreo.events.consume.Outages;

/**
 * Every error of every service's HTTP API as {@code application/problem+json}. An unreachable
 * database or provider ({@link Outages}) is {@code 503} with {@code Retry-After}, not {@code 500}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), uri, e.violations());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return respond(400, "Bad Request", "The request has invalid fields.", uri, violations);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonParseException) {
            return respond(
                    400, "Bad Request", "The body is not well-formed JSON: " + e.getOriginalMessage(), uri, null);
        }
        String path = e instanceof JsonMappingException m ? path(m) : "";
        List<Problem.Violation> violations =
                path.isEmpty() ? null : List.of(new Problem.Violation(path, "has the wrong type or shape"));
        return respond(
                400,
                "Bad Request",
                "The body does not match the expected shape: " + e.getOriginalMessage(),
                uri,
                violations);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unmappable(JsonMappingException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        return respond(
                status,
                Response.Status.fromStatusCode(status) != null
                        ? Response.Status.fromStatusCode(status).getReasonPhrase()
                        : "Error",
                e.getMessage(),
                uri,
                null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (Outages.isOutage(e)) {
            return unavailable(e, uri);
        }
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(500, "Internal Server Error", "An unexpected error occurred; nothing was accepted.", uri, null);
    }

    /**
     * The service could not reach its database (or a provider) for this request: {@code 503} with
     * {@code Retry-After} ({@code choreo.http.outage-retry-after}); the transaction did not
     * commit, so nothing was stored and the client may send the same request again.
     */
    private static Response unavailable(Exception e, UriInfo uri) {
        LOG.warnf("%s answered 503, a dependency is unreachable: %s", uri.getPath(), e.toString());
        Duration retryAfter = ConfigProvider.getConfig()
                .getOptionalValue("choreo.http.outage-retry-after", Duration.class)
                .orElse(Duration.ofSeconds(5));
        Response problem = respond(
                503,
                "Service Unavailable",
                "A dependency of the service is unreachable; nothing was accepted. Try again later.",
                uri,
                null);
        return Response.fromResponse(problem)
                .header("Retry-After", Math.max(1, retryAfter.toSeconds()))
                .build();
    }

    public static Response respond(
            int status, String title, String detail, UriInfo uri, List<Problem.Violation> violations) {
        Problem problem =
                new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), violations);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** {@code placeOrder.request.items[0].quantity} becomes {@code items[0].quantity}. */
    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts.length == 2 ? parts[1] : path;
    }
}
