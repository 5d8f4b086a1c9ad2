package io.choreo.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Where the bench learns when an order was decided: the occurredAt of its terminal event. */
interface Decisions extends AutoCloseable {

    /** The order's terminal event (OrderConfirmed, OrderRejected or OrderCancelled), its reason and its time. */
    record Decision(String orderId, String eventType, String reason, Instant decidedAt) {

        /** e.g. {@code OrderConfirmed}, {@code OrderCancelled/timed_out}. */
        String outcome() {
            return reason == null ? eventType : eventType + "/" + reason;
        }
    }

    /**
     * The decisions already taken among {@code orderIds} (given in the order they were placed). A source may stop
     * early at an undecided order when {@code stopAtFirstPending}: enough to know the phase is not over yet.
     */
    Map<String, Decision> decided(List<String> orderIds, boolean stopAtFirstPending) throws Exception;

    /** Where the decisions come from, for the results. */
    String describe();

    @Override
    void close();
}
