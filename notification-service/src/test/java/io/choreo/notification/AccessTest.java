package io.choreo.notification;

import static io.choreo.events.testing.Endpoint.Audience.SUPPORT;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Endpoint;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call what on notification-service (the contract's "Who may read what"): every endpoint, every caller. */
@QuarkusTest
class AccessTest extends BrokerTest {

    @Test
    void everyEndpointAnswersEachCallerAsTheContractSays() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(NotificationFlowTest.outcome(
                new OrderConfirmed(orderId, "ada@example.com", new BigDecimal("9.99"), "EUR"), orderId));
        Endpoint.awaitFound("/notifications?orderId=" + orderId);
        List<Endpoint> table = new ArrayList<>(List.of(Endpoint.get("/notifications?orderId=" + orderId, SUPPORT)));
        table.addAll(Endpoint.admin());
        Endpoint.checkAll(table);
    }
}
