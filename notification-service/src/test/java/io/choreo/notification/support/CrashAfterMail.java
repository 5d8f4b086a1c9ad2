package io.choreo.notification.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.NotificationSent;
import io.choreo.notification.store.NotificationStore;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/**
 * The store, which for the orders in {@link #ONCE} fails the first transaction that would record a
 * sent mail: the crash between the mailer's call and the commit of its result.
 */
@Mock
@ApplicationScoped
public class CrashAfterMail extends NotificationStore {

    public static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<List<EventEnvelope>> append(Loaded loaded, EventEnvelope cause, List<DomainEvent> decided) {
        if (decided.stream().anyMatch(NotificationSent.class::isInstance)
                && ONCE.remove(loaded.notification().orderId())) {
            return Uni.createFrom().failure(new IllegalStateException("crash after the mail was sent (test)"));
        }
        return super.append(loaded, cause, decided);
    }
}
