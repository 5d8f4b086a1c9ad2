package io.choreo.payment;

import static io.choreo.events.testing.Endpoint.Audience.SUPPORT;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Endpoint;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call what on payment-service (the contract's "Who may read what"): every endpoint, every caller. */
@QuarkusTest
class AccessTest extends BrokerTest {

    @Test
    void everyEndpointAnswersEachCallerAsTheContractSays() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(PaymentFlowTest.reserved(orderId, "tok_visa"));
        Endpoint.awaitFound("/payments/" + orderId);
        List<Endpoint> table = new ArrayList<>(List.of(Endpoint.get("/payments/" + orderId, SUPPORT)));
        table.addAll(Endpoint.admin());
        Endpoint.checkAll(table);
    }
}
