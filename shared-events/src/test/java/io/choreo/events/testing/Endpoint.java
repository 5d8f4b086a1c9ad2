package io.choreo.events.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.function.Executable;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * One endpoint of a service and who may call it, as the contract's "Who may read what" says; a
 * service's access test is a table of these. {@link #check(Caller)} calls it as one caller and
 * asserts the answer: {@code allowed} (e.g. 200) when the caller may, else 401 without or with
 * wrong credentials, 403 for a known user without the role.
 */
public record Endpoint(String method, String path, String body, Audience audience, int allowed) {

    /** Who may call an endpoint. */
    public enum Audience {
        /** anyone, with no credentials */
        PUBLIC,
        /** role support (read-only) or admin: what names customers or shows the business */
        SUPPORT,
        /** role admin only: {@code /admin/...} */
        ADMIN
    }

    public static Endpoint get(String path, Audience audience) {
        return new Endpoint("GET", path, null, audience, 200);
    }

    public static Endpoint post(String path, String body, Audience audience, int allowed) {
        return new Endpoint("POST", path, body, audience, allowed);
    }

    /**
     * The admin endpoints every service has (shared-events): its dead letters (the replay names an
     * event that is not there, so it moves nothing) and the rebuild of its read models (compare only).
     */
    public static List<Endpoint> admin() {
        return List.of(
                get("/admin/dlq", Audience.ADMIN),
                post("/admin/dlq/replay?eventId=" + UUID.randomUUID(), null, Audience.ADMIN, 200),
                post("/admin/projections/rebuild", null, Audience.ADMIN, 200));
    }

    /**
     * Waits until {@code path} answers the admin 200 with something in it (not an empty list), so
     * that the table reads something that exists; up to a minute, for a service that has only
     * just started on a busy machine.
     */
    public static void awaitFound(String path) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Response response = Caller.ADMIN.given().get(path);
                    if (response.statusCode() == 401 || response.statusCode() == 403) {
                        throw new AssertionError("the admin may not read " + path + ": " + response.statusCode());
                    }
                    return response.statusCode() == 200 && !"[]".equals(response.asString());
                });
    }

    /** What {@code caller} must get here. A wrong password is refused everywhere, even on a public endpoint. */
    public int expectedFor(Caller caller) {
        return switch (caller) {
            case WRONG_PASSWORD -> 401;
            case ADMIN -> allowed;
            case SUPPORT -> audience == Audience.ADMIN ? 403 : allowed;
            case ANYONE -> audience == Audience.PUBLIC ? allowed : 401;
        };
    }

    /** Calls the endpoint as {@code caller} and asserts the status it must get. */
    public Response check(Caller caller) {
        RequestSpecification request = caller.given();
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        Response response = request.request(method, path);
        assertEquals(
                expectedFor(caller), response.statusCode(), caller + " " + this + " answered: " + response.asString());
        if (response.statusCode() == 401) {
            String challenge = String.valueOf(response.header("WWW-Authenticate"));
            assertTrue(challenge.toLowerCase().startsWith("basic"), caller + " " + this + " challenged: " + challenge);
        }
        return response;
    }

    /** Every endpoint of the table as every caller; reports every wrong answer at once. */
    public static void checkAll(List<Endpoint> table) {
        assertAll(table.stream().flatMap(endpoint -> Arrays.stream(Caller.values())
                .map(caller -> (Executable) () -> endpoint.check(caller))));
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + audience + ")";
    }
}
