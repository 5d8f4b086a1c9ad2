package io.choreo.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.choreo.events.EventCodec;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.inventory.handling.OrderEventConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A batch of a thousand deliveries whose handlings need no statement of their own (their orders'
 * histories, holds and writes are all the batch's) still ends: each handling starts from a task
 * of its own on the batch's context, not from the one before it on one ever deeper stack (which
 * once overflowed with -Xss512k and left the batch, and every delivery after it, unsettled).
 */
@QuarkusTest
@TestProfile(LargeBatchTest.OneBatch.class)
class LargeBatchTest {

    static final int DELIVERIES = 1000;

    /** Batches as large as the deliveries handed over at once; one batch at a time, as inventory runs. */
    public static class OneBatch implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("choreo.consumer.batch-size", String.valueOf(DELIVERIES));
        }
    }

    @Inject
    OrderEventConsumer consumer;

    @Inject
    EventCodec codec;

    @Test
    void aThousandDeliveriesOfStatementFreeHandlingsInOneBatchAreAllAcknowledged() throws Exception {
        CountDownLatch acknowledged = new CountDownLatch(DELIVERIES);
        AtomicInteger refused = new AtomicInteger();
        // Events about orders this service never took: each handling holds, loads (from the batch's
        // one read of the histories), finds no order and ignores it, with no statement of its own.
        for (int i = 0; i < DELIVERIES; i++) {
            String orderId = UUID.randomUUID().toString();
            String body = codec.encode(codec.envelope(
                    new ShipmentCreated(orderId, "TestCarrier", "T-" + i),
                    "Shipment",
                    1,
                    UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(),
                    "shipping-service"));
            Message<byte[]> message = Message.of(body.getBytes(StandardCharsets.UTF_8))
                    .withAck(() -> {
                        acknowledged.countDown();
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        refused.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    });
            consumer.onMessage(message).await().indefinitely();
        }
        boolean all = acknowledged.await(60, TimeUnit.SECONDS);
        assertEquals(0, refused.get(), "deliveries refused");
        assertEquals(0, acknowledged.getCount(), "deliveries left unacknowledged (all in time: " + all + ")");
    }
}
