package io.choreo.events.config;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a service with the development credentials (RabbitMQ {@code guest}, the
 * database password {@code choreo}) or with none, unless {@code choreo.credentials.allow-development}
 * is true (the {@code local}, {@code dev} and {@code test} profiles). The production profile has no
 * credential defaults at all, so a missing variable already stops the start; this catches the
 * public ones set on purpose or copied from an example. Runs before the broker topology is declared.
 */
@ApplicationScoped
public class CredentialGuard {

    static final String DEVELOPMENT_DB_PASSWORD = "choreo";
    static final String DEVELOPMENT_BROKER_USER = "guest";

    @ConfigProperty(name = "choreo.credentials.allow-development", defaultValue = "false")
    boolean allowDevelopment;

    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;

    @ConfigProperty(name = "quarkus.flyway.password", defaultValue = "")
    String ownerPassword;

    @ConfigProperty(name = "rabbitmq-username", defaultValue = "")
    String brokerUser;

    @ConfigProperty(name = "rabbitmq-password", defaultValue = "")
    String brokerPassword;

    void check(@Observes @Priority(100) StartupEvent event) {
        if (allowDevelopment) {
            return;
        }
        List<String> refusals = refusals(dbPassword, ownerPassword, brokerUser, brokerPassword);
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("refusing to start with development or missing credentials: "
                    + String.join("; ", refusals)
                    + " (set real ones, or run with QUARKUS_PROFILE=local on a development machine)");
        }
    }

    /** What is wrong with these credentials for a production start; empty when nothing is. */
    static List<String> refusals(String dbPassword, String ownerPassword, String brokerUser, String brokerPassword) {
        List<String> refusals = new ArrayList<>();
        checkDbPassword("CHOREO_DB_PASSWORD", dbPassword, refusals);
        checkDbPassword("CHOREO_DB_OWNER_PASSWORD", ownerPassword, refusals);
        if (blank(brokerUser) || blank(brokerPassword)) {
            refusals.add("RABBITMQ_USERNAME and RABBITMQ_PASSWORD are not set");
        } else if (DEVELOPMENT_BROKER_USER.equals(brokerUser) || DEVELOPMENT_BROKER_USER.equals(brokerPassword)) {
            refusals.add("RabbitMQ user or password is guest");
        }
        return refusals;
    }

    private static void checkDbPassword(String variable, String password, List<String> refusals) {
        if (blank(password)) {
            refusals.add(variable + " is not set");
        } else if (DEVELOPMENT_DB_PASSWORD.equals(password)) {
            refusals.add(variable + " is the development password");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
