package io.choreo.events.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Who calls a service's API in the tests: anyone (no credentials), the read-only {@code support}
 * user, the {@code admin}, or someone with a wrong password. The passwords are the test ones the
 * build gives the services (root pom.xml, surefire's environment).
 */
public enum Caller {
    ANYONE(null, null),
    SUPPORT("support", "test-support-password"),
    ADMIN("admin", "test-admin-password"),
    WRONG_PASSWORD("support", "not-the-support-password");

    private final String user;
    private final String password;

    Caller(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** A request as this caller (HTTP basic, sent with the first request). */
    public RequestSpecification given() {
        RequestSpecification request = RestAssured.given();
        return user == null ? request : request.auth().preemptive().basic(user, password);
    }

    /** A request as the support user: what a test that reads payments, shipments or notifications uses. */
    public static RequestSpecification asSupport() {
        return SUPPORT.given();
    }
}
