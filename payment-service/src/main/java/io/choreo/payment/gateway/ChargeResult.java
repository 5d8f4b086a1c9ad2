package io.choreo.payment.gateway;

/** What the gateway said to a charge. */
public sealed interface ChargeResult {

    record Approved(String chargeId) implements ChargeResult {}

    record Declined(String reason) implements ChargeResult {}
}
