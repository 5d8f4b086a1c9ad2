package io.choreo.payment.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.payment.store.PaymentStore;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/**
 * The store, which for the orders in {@link #ONCE} fails the first transaction that would record a
 * capture: the crash between the gateway's charge and the commit of its answer.
 */
@Mock
@ApplicationScoped
public class CrashAfterCharge extends PaymentStore {

    public static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<List<EventEnvelope>> append(Loaded loaded, EventEnvelope cause, List<DomainEvent> decided) {
        if (decided.stream().anyMatch(PaymentCompleted.class::isInstance)
                && ONCE.remove(loaded.payment().orderId())) {
            return Uni.createFrom().failure(new IllegalStateException("crash after the charge (test)"));
        }
        return super.append(loaded, cause, decided);
    }
}
