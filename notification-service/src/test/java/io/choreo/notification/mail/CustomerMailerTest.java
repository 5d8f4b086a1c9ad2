package io.choreo.notification.mail;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CustomerMailerTest {

    @Test
    void domainsEndingInInvalidCannotBeDeliveredTo() {
        assertTrue(CustomerMailer.undeliverable("ada@example.invalid"));
        assertTrue(CustomerMailer.undeliverable("ada@EXAMPLE.INVALID"));
        assertTrue(CustomerMailer.undeliverable("no-at-sign"));
        assertFalse(CustomerMailer.undeliverable("ada@example.com"));
        assertFalse(CustomerMailer.undeliverable("ada@invalid.example.com"));
    }
}
