package io.choreo.events.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CredentialGuardTest {

    @Test
    void realCredentialsPass() {
        assertEquals(List.of(), CredentialGuard.refusals("s3cret-app", "s3cret-owner", "payment-service", "s3cret-mq"));
    }

    @Test
    void developmentCredentialsAreRefused() {
        List<String> refusals = CredentialGuard.refusals("choreo", "choreo", "guest", "guest");
        assertEquals(
                List.of(
                        "CHOREO_DB_PASSWORD is the development password",
                        "CHOREO_DB_OWNER_PASSWORD is the development password",
                        "RabbitMQ user or password is guest"),
                refusals);
    }

    @Test
    void missingCredentialsAreRefused() {
        assertEquals(
                List.of(
                        "CHOREO_DB_PASSWORD is not set",
                        "CHOREO_DB_OWNER_PASSWORD is not set",
                        "RABBITMQ_USERNAME and RABBITMQ_PASSWORD are not set"),
                CredentialGuard.refusals("", null, "payment-service", " "));
    }

    @Test
    void aProductionStartWithDevelopmentCredentialsFailsWithTheReasons() {
        CredentialGuard guard = new CredentialGuard();
        guard.dbPassword = "real";
        guard.ownerPassword = "real-too";
        guard.brokerUser = "guest";
        guard.brokerPassword = "guest";
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> guard.check(null));
        assertTrue(refused.getMessage().contains("RabbitMQ user or password is guest"), refused.getMessage());

        guard.allowDevelopment = true;
        guard.check(null);
    }
}
