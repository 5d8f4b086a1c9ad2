package io.choreo.events.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.path.json.JsonPath;

/** One read model of the service under test, as its tests rebuild it through {@code POST /admin/projections/rebuild}. */
public record Projection(String service, String model) {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    /** The rebuild's answer (applied or not), checked to name this service and model. */
    public JsonPath rebuild(boolean apply) {
        return given().auth()
                .preemptive()
                .basic(ADMIN, ADMIN_PASSWORD)
                .queryParam("apply", apply)
                .post("/admin/projections/rebuild")
                .then()
                .statusCode(200)
                .body("service", is(service), "models.name", hasItem(model))
                .extract()
                .jsonPath();
    }

    public long differences(JsonPath answer) {
        return answer.getLong("models.find { it.name == '" + model + "' }.differences");
    }

    public long rows(JsonPath answer) {
        return answer.getLong("models.find { it.name == '" + model + "' }.rows");
    }

    /** Handlings that lost a race and ran again [choreo_events_conflicts_total], all types together. */
    public static double conflicts(MeterRegistry registry) {
        return registry.find("choreo.events.conflicts").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
