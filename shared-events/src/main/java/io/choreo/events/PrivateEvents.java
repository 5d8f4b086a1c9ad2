package io.choreo.events;

import java.util.List;

import io.choreo.events.contract.DomainEvent;

/**
 * The private events of a service: changes no other service needs (payment remembering that an
 * order was cancelled before it charged), kept in the service's event store as part of their
 * aggregate's history but never published. A service lists its private event records in one
 * bean of this type, so its codec can read them back from the store.
 */
public interface PrivateEvents {

    List<Class<? extends DomainEvent>> types();
}
