package io.choreo.notification;

import static io.choreo.events.testing.Caller.asSupport;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderRejected;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.EventSchemas;
import io.choreo.events.testing.TestStore;
import io.choreo.notification.handling.OrderOutcomeConsumer;
import io.choreo.notification.mail.CustomerMailer;
import io.choreo.notification.support.CrashAfterMail;
import io.choreo.notification.support.SlowMailer;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** notification-service against the real broker and database, with Quarkus' mock mailbox. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationFlowTest extends BrokerTest {

    static final EventCodec CODEC = new EventCodec();

    @Inject
    MockMailbox mailbox;

    @Inject
    Pool pool;

    static EventEnvelope outcome(io.choreo.events.contract.DomainEvent event, String orderId) {
        return CODEC.envelope(
                event, "Order", 5, "corr-" + orderId, UUID.randomUUID().toString(), "inventory-service");
    }

    static JsonPath awaitNotifications(String orderId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> asSupport()
                                .queryParam("orderId", orderId)
                                .get("/notifications")
                                .then()
                                .statusCode(200)
                                .extract(),
                        r -> !r.jsonPath().getList("").isEmpty())
                .jsonPath();
    }

    @Test
    void aConfirmedOrderMailsTheCustomerOnce() {
        String orderId = UUID.randomUUID().toString();
        String recipient = "confirmed-" + orderId + "@example.com";
        EventEnvelope confirmed =
                outcome(new OrderConfirmed(orderId, recipient, new BigDecimal("9.99"), "EUR"), orderId);
        broker.publish(confirmed);
        broker.publish(confirmed);
        JsonPath sent = awaitNotifications(orderId);
        assertEquals("ORDER_CONFIRMED", sent.getString("[0].type"));
        assertEquals("SENT", sent.getString("[0].status"));
        assertEquals(recipient, sent.getString("[0].recipient"));
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !mailbox.getMailsSentTo(recipient).isEmpty());
        List<Mail> mails = mailbox.getMailsSentTo(recipient);
        assertEquals(1, mails.size());
        assertTrue(mails.get(0).getSubject().contains("confirmed"));
        asSupport().queryParam("orderId", orderId).get("/notifications").then().body("", hasSize(1));
    }

    @Test
    void aCrashBetweenTheMailAndItsRecordMailsAgainWithTheSameKeyAndTheCustomerGetsOneMail() {
        String orderId = UUID.randomUUID().toString();
        String recipient = "crash-" + orderId + "@example.com";
        CrashAfterMail.ONCE.add(orderId);
        EventEnvelope confirmed =
                outcome(new OrderConfirmed(orderId, recipient, new BigDecimal("9.99"), "EUR"), orderId);
        broker.publish(confirmed);
        // The first delivery mailed, then failed to commit; the broker brought the event back.
        assertEquals("SENT", awaitNotifications(orderId).getString("[0].status"));
        TestStore store = new TestStore(pool);
        store.awaitHandled(confirmed);
        List<String> keys = SlowMailer.KEYS.get(recipient);
        assertEquals(2, keys.size(), "the mailer was called again after the crash");
        assertEquals(keys.get(0), keys.get(1), "with the same idempotency key");
        List<Mail> mails = mailbox.getMailsSentTo(recipient);
        assertEquals(1, mails.size(), "one mail reached the customer");
        assertEquals(
                CustomerMailer.messageId(keys.get(0)),
                mails.get(0).getHeaders().get("Message-ID").get(0));
        assertEquals(1, store.events(orderId, "MessageComposed"));
        assertEquals(1, store.events(orderId, "NotificationSent"));
    }

    @Test
    void rejectedAndCancelledOrdersAreToldWhy() {
        String rejected = UUID.randomUUID().toString();
        String cancelled = UUID.randomUUID().toString();
        broker.publish(outcome(new OrderRejected(rejected, "r@example.com", "out_of_stock", "SKU-010"), rejected));
        broker.publish(
                outcome(new OrderCancelled(cancelled, "c@example.com", "payment_failed", "card_declined"), cancelled));
        assertEquals("ORDER_REJECTED", awaitNotifications(rejected).getString("[0].type"));
        assertEquals("ORDER_CANCELLED", awaitNotifications(cancelled).getString("[0].type"));
    }

    @Test
    void mailToAnInvalidDomainIsRecordedAsFailed() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(outcome(new OrderConfirmed(orderId, "ada@example.invalid", BigDecimal.ONE, "EUR"), orderId));
        JsonPath failed = awaitNotifications(orderId);
        assertEquals("FAILED", failed.getString("[0].status"));
        assertTrue(mailbox.getMailsSentTo("ada@example.invalid").isEmpty());
    }

    @Test
    void theOrderIdIsRequired() {
        asSupport()
                .get("/notifications")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", is("orderId"));
    }

    @Inject
    OrderOutcomeConsumer handling;

    @Test
    void handlesExactlyTheEventTypesItsQueueIsBoundTo() {
        assertEquals(Topology.boundTypes(Topology.NOTIFICATION), handling.handledTypes());
    }

    /**
     * Runs after the other tests of the class: every event (public and private) the service stored in this test
     * run (since the JVM started; the test database keeps older runs' rows) matches the schema of
     * its type and version. Private events are no contract between services and have no schema.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyEventItEmittedMatchesItsSchema() {
        List<String> emitted = new TestStore(pool).envelopesStoredSince(TestStore.JVM_STARTED);
        assertFalse(emitted.isEmpty(), "the tests before this one made the service store events");
        EventSchemas.assertAllValid(emitted);
    }
}
