package io.choreo.inventory.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * GET /live: the page for people watching the suite (counters, orders per minute by outcome,
 * decision-time percentiles, stuck orders), updated from /orders/live. A resource rather than a
 * public static file, so it takes the same roles as the data it shows.
 */
@Path("/live")
@RolesAllowed({"support", "admin"})
public class LivePage {

    private static final String PAGE = read("live/index.html");

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        return PAGE;
    }

    private static String read(String resource) {
        try (InputStream in = LivePage.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
