package io.choreo.notification;

import static io.choreo.notification.NotificationFlowTest.awaitNotifications;
import static io.choreo.notification.NotificationFlowTest.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderRejected;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Projection;
import io.choreo.events.testing.TestStore;
import io.choreo.notification.support.SlowMailer;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The notification read model is a fold of the events: rebuilt, compared and repaired while the service runs. */
@QuarkusTest
class ProjectionRebuildTest extends BrokerTest {

    static final Projection MODEL = new Projection("notification-service", "notifications");

    @Inject
    Pool pool;

    @Inject
    MockMailbox mailbox;

    JsonPath rebuild(boolean apply) {
        return MODEL.rebuild(apply);
    }

    long differences(JsonPath answer) {
        return MODEL.differences(answer);
    }

    static EventEnvelope confirmed(String orderId, String recipient) {
        return outcome(new OrderConfirmed(orderId, recipient, new BigDecimal("9.99"), "EUR"), orderId);
    }

    @Test
    void theRebuiltReadModelMatchesTheLiveOne() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(confirmed(orderId, "rebuild-" + orderId + "@example.com"));
        awaitNotifications(orderId);
        JsonPath answer = rebuild(false);
        assertTrue(answer.getBoolean("matched"), answer.prettify());
        assertEquals(0, differences(answer));
        assertTrue(MODEL.rows(answer) >= 1, answer.prettify());
    }

    @Test
    void aDamagedReadModelIsReportedAndRepairedByApply() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(confirmed(orderId, "damaged-" + orderId + "@example.com"));
        String subject = awaitNotifications(orderId).getString("[0].subject");
        pool.preparedQuery("UPDATE notification SET status = 'FAILED', subject = 'damaged' WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .await()
                .atMost(Duration.ofSeconds(5));

        JsonPath damaged = rebuild(false);
        assertEquals(false, damaged.getBoolean("matched"), damaged.prettify());
        assertEquals(2, differences(damaged), "the damaged row, as live and as rebuilt");
        assertEquals("FAILED", awaitNotifications(orderId).getString("[0].status"), "not repaired yet");

        JsonPath repaired = rebuild(true);
        assertEquals(true, repaired.getBoolean("applied"));
        JsonPath notification = awaitNotifications(orderId);
        assertEquals("SENT", notification.getString("[0].status"));
        assertEquals(subject, notification.getString("[0].subject"));
        JsonPath after = rebuild(false);
        assertTrue(after.getBoolean("matched"), after.prettify());
    }

    @Test
    void aRebuildWhileOutcomesAreToldStillMatches() throws Exception {
        List<String> orders = new ArrayList<>();
        CompletableFuture<Void> flow = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                String orderId = UUID.randomUUID().toString();
                orders.add(orderId);
                DomainEvent event =
                        switch (i % 4) {
                            case 0 -> new OrderConfirmed(orderId, "flow@example.com", BigDecimal.TEN, "EUR");
                            case 1 -> new OrderRejected(orderId, "flow@example.com", "out_of_stock", "SKU-010");
                            case 2 -> new OrderCancelled(orderId, "flow@example.com", "payment_failed", "declined");
                            default -> new OrderConfirmed(orderId, "flow@example.invalid", BigDecimal.TEN, "EUR");
                        };
                broker.publish(outcome(event, orderId));
            }
        });
        for (int i = 0; i < 3; i++) {
            JsonPath answer = rebuild(false);
            assertTrue(answer.getBoolean("matched"), "rebuild " + i + " while telling: " + answer.prettify());
        }
        flow.get();
        for (int i = 0; i < orders.size(); i++) {
            assertEquals(
                    i % 4 == 3 ? "FAILED" : "SENT",
                    awaitNotifications(orders.get(i)).getString("[0].status"));
        }
        JsonPath answer = rebuild(false);
        assertTrue(answer.getBoolean("matched"), answer.prettify());
    }

    @Test
    void twoWritersOfOneNotificationShareOneMessageAndTheCustomerGetsOneMail() {
        String orderId = UUID.randomUUID().toString();
        String recipient = "race-" + orderId + "@example.com";
        // The second handling comes while the first one's (slow) mail is on its way: it finds the
        // message composed and mails it again, with the same key.
        SlowMailer.SLOW.add(recipient);
        EventEnvelope first = confirmed(orderId, recipient);
        EventEnvelope second = confirmed(orderId, recipient);
        broker.publish(first);
        broker.publish(second);
        TestStore store = new TestStore(pool);
        store.awaitHandled(first);
        store.awaitHandled(second);

        assertEquals(2, SlowMailer.SENDS.get(recipient), "both writers asked the mailer");
        assertEquals(1, Set.copyOf(SlowMailer.KEYS.get(recipient)).size(), "with one key");
        assertEquals(1, mailbox.getMailsSentTo(recipient).size(), "one mail reached the customer");
        assertEquals(1, store.events(orderId, "NotificationSent"), "only one NotificationSent stands");
        assertEquals(1, store.events(orderId, "MessageComposed"), "only one message stands");
        JsonPath notification = awaitNotifications(orderId);
        assertEquals(1, notification.getList("").size());
        assertEquals("SENT", notification.getString("[0].status"));
        JsonPath answer = rebuild(false);
        assertTrue(answer.getBoolean("matched"), answer.prettify());
    }
}
