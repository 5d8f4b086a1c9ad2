package io.choreo.notification.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderRejected;
import io.choreo.notification.domain.Messages;
import io.choreo.notification.domain.Notification;
import io.choreo.notification.domain.NotificationType;
import io.choreo.notification.mail.CustomerMailer;
import io.choreo.notification.mail.DeliveryFailedException;
import io.choreo.notification.store.NotificationStore;
import io.smallrye.mutiny.Uni;

/** Tells the customer the outcome of an order, once: load its notification, decide, mail, append what happened. */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    @Inject
    CustomerMailer mailer;

    @Inject
    NotificationStore notifications;

    public Uni<List<EventEnvelope>> onOrderConfirmed(EventEnvelope cause, OrderConfirmed confirmed) {
        return notify(cause, confirmed.orderId(), confirmed.customerEmail(), null);
    }

    public Uni<List<EventEnvelope>> onOrderRejected(EventEnvelope cause, OrderRejected rejected) {
        return notify(cause, rejected.orderId(), rejected.customerEmail(), rejected.reason());
    }

    public Uni<List<EventEnvelope>> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        return notify(cause, cancelled.orderId(), cancelled.customerEmail(), cancelled.reason());
    }

    private Uni<List<EventEnvelope>> notify(EventEnvelope cause, String orderId, String recipient, String reason) {
        NotificationType type = NotificationType.forEvent(cause.eventType());
        return notifications.load(orderId).chain(loaded -> {
            Notification notification = loaded.notification();
            Optional<Messages.Mail> message = notification.onOutcome(type, reason);
            if (message.isEmpty()) {
                LOG.warnf("order %s already has a %s message; %s not sent again", orderId, notification.type(), type);
                return Uni.createFrom().item(List.<EventEnvelope>of());
            }
            Messages.Mail mail = message.get();
            return mailer.send(recipient, mail.subject(), mail.text())
                    .map(sent -> notification.sent(type, recipient, mail))
                    // A bad address is the answer (FAILED); a mail server that stays down fails the
                    // handling, which the broker retries later and, in the end, dead-letters.
                    .onFailure(DeliveryFailedException.class)
                    .recoverWithItem(failure -> {
                        LOG.warnf("mail for order %s to %s failed: %s", orderId, recipient, failure.getMessage());
                        return notification.failed(type, recipient, mail, failure.getMessage());
                    })
                    .chain((List<DomainEvent> decided) -> notifications.append(loaded, cause, decided));
        });
    }
}
