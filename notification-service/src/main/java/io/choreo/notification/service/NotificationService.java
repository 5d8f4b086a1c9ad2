package io.choreo.notification.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.NotificationFailed;
import io.choreo.events.contract.NotificationSent;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderRejected;
import io.choreo.notification.domain.Messages;
import io.choreo.notification.domain.NotificationStatus;
import io.choreo.notification.domain.NotificationType;
import io.choreo.notification.mail.CustomerMailer;
import io.choreo.notification.mail.DeliveryFailedException;
import io.choreo.notification.store.Notification;
import io.smallrye.mutiny.Uni;

/** Tells the customer the outcome of an order, once. */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    public static final String SOURCE = "notification-service";

    @Inject
    CustomerMailer mailer;

    @Inject
    EventCodec codec;

    public Uni<List<EventEnvelope>> onOrderConfirmed(EventEnvelope cause, OrderConfirmed confirmed) {
        return notify(cause, confirmed.customerEmail(), null);
    }

    public Uni<List<EventEnvelope>> onOrderRejected(EventEnvelope cause, OrderRejected rejected) {
        return notify(cause, rejected.customerEmail(), rejected.reason());
    }

    public Uni<List<EventEnvelope>> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        return notify(cause, cancelled.customerEmail(), cancelled.reason());
    }

    private Uni<List<EventEnvelope>> notify(EventEnvelope cause, String recipient, String reason) {
        NotificationType type = NotificationType.forEvent(cause.eventType());
        String orderId = cause.aggregateId();
        return Notification.<Notification>findById(orderId).chain(existing -> {
            if (existing != null) {
                LOG.warnf("order %s already has a %s message; %s not sent again", orderId, existing.type, type);
                return Uni.createFrom().item(List.<EventEnvelope>of());
            }
            Messages.Mail mail = Messages.compose(type, orderId, reason);
            Notification n = new Notification();
            n.orderId = orderId;
            n.correlationId = cause.correlationId();
            n.type = type;
            n.recipient = recipient;
            n.subject = mail.subject();
            return mailer.send(recipient, mail.subject(), mail.text())
                    .map(sent -> {
                        n.status = NotificationStatus.SENT;
                        return (DomainEvent) new NotificationSent(orderId, type.name(), recipient);
                    })
                    // A bad address is the answer (FAILED); a mail server that stays down fails the
                    // handling, which the broker retries later and, in the end, dead-letters.
                    .onFailure(DeliveryFailedException.class)
                    .recoverWithItem(failure -> {
                        LOG.warnf("mail for order %s to %s failed: %s", orderId, recipient, failure.getMessage());
                        n.status = NotificationStatus.FAILED;
                        n.error = truncate(failure.getMessage());
                        return new NotificationFailed(orderId, type.name(), recipient, n.error);
                    })
                    .chain(event -> {
                        n.sentAt = Instant.now();
                        n.eventVersion = 1;
                        return n.persist()
                                .map(saved -> List.of(codec.envelope(
                                        event,
                                        "Notification",
                                        n.eventVersion,
                                        cause.correlationId(),
                                        cause.eventId().toString(),
                                        SOURCE)));
                    });
        });
    }

    private static String truncate(String text) {
        return text == null ? "delivery failed" : text.length() > 250 ? text.substring(0, 250) : text;
    }
}
