package io.choreo.events.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.EventTypes;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.ShipmentFailed;
import io.smallrye.mutiny.Uni;

class EventHandlersTest {

    private final EventCodec codec = new EventCodec();
    private final List<String> calls = new ArrayList<>();

    private EventEnvelope event(DomainEvent payload) {
        return codec.envelope(payload, "Test", 1, "c", null, "test");
    }

    private Uni<List<EventEnvelope>> call(String what) {
        calls.add(what);
        return Uni.createFrom().item(List.of());
    }

    @Test
    void anEventGoesToTheMethodOfItsTypeWithItsPayloadRead() {
        EventHandlers handlers = EventHandlers.with(codec)
                .on(PaymentFailed.class, (event, failed) -> call("payment failed: " + failed.reason()))
                .on(ShipmentFailed.class, (event, failed) -> call("shipment failed: " + failed.reason()));
        handlers.handle(event(new ShipmentFailed("o-1", "lost"))).await().indefinitely();
        handlers.handle(event(new PaymentFailed("o-1", "card_declined")))
                .await()
                .indefinitely();
        assertEquals(List.of("shipment failed: lost", "payment failed: card_declined"), calls);
        assertEquals(Set.of("PaymentFailed", "ShipmentFailed"), handlers.types());
    }

    @Test
    void aTypeNobodyHandlesChangesNothing() {
        EventHandlers handlers = EventHandlers.with(codec).on(PaymentFailed.class, (event, failed) -> call("called"));
        assertEquals(
                List.of(),
                handlers.handle(event(new ShipmentFailed("o-1", "lost")))
                        .await()
                        .indefinitely());
        assertEquals(List.of(), calls);
    }

    @Test
    void aHandlerOfEveryEventRunsFirstAndTakesEveryType() {
        EventHandlers handlers = EventHandlers.with(codec)
                .onEveryEvent(event -> call("timeline " + event.eventType()))
                .on(PaymentFailed.class, (event, failed) -> call("release"));
        handlers.handle(event(new PaymentFailed("o-1", "card_declined")))
                .await()
                .indefinitely();
        handlers.handle(event(new ShipmentFailed("o-1", "lost"))).await().indefinitely();
        assertEquals(List.of("timeline PaymentFailed", "release", "timeline ShipmentFailed"), calls);
        assertEquals(EventTypes.all(), handlers.types());
    }

    @Test
    void aTypeIsHandledInOnePlaceOnly() {
        EventHandlers handlers = EventHandlers.with(codec).on(PaymentFailed.class, (event, failed) -> call("first"));
        assertThrows(
                IllegalArgumentException.class, () -> handlers.on(PaymentFailed.class, (event, failed) -> call("2")));
    }

    @Test
    void aTypeHandledInStepsAnswersItsFirstStepAndTheOthersAreDoneInOne() {
        EventHandlers handlers = EventHandlers.with(codec)
                .onCalling(PaymentFailed.class, (event, failed) -> Uni.createFrom()
                        .item(Step.call(List.of(), () -> Uni.createFrom().item(failed.reason()), answer -> null)))
                .on(ShipmentFailed.class, (event, failed) -> call("shipment failed"));
        assertInstanceOf(
                Step.Call.class,
                handlers.step(event(new PaymentFailed("o-1", "card_declined")))
                        .await()
                        .indefinitely());
        assertInstanceOf(
                Step.Done.class,
                handlers.step(event(new ShipmentFailed("o-1", "lost"))).await().indefinitely());
        assertEquals(Set.of("PaymentFailed", "ShipmentFailed"), handlers.types());
        assertThrows(
                IllegalArgumentException.class,
                () -> handlers.onCalling(ShipmentFailed.class, (event, failed) -> Uni.createFrom()
                        .nullItem()));
    }
}
