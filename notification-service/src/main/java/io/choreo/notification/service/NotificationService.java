package io.choreo.notification.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.Step;
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

/** Tells the customer the outcome of an order, once: hold its notification, decide, commit the message, mail it, record what happened. */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    @Inject
    CustomerMailer mailer;

    @Inject
    NotificationStore notifications;

    public Uni<Step> onOrderConfirmed(EventEnvelope cause, OrderConfirmed confirmed) {
        return notify(cause, confirmed.orderId(), confirmed.customerEmail(), null);
    }

    public Uni<Step> onOrderRejected(EventEnvelope cause, OrderRejected rejected) {
        return notify(cause, rejected.orderId(), rejected.customerEmail(), rejected.reason());
    }

    public Uni<Step> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        return notify(cause, cancelled.orderId(), cancelled.customerEmail(), cancelled.reason());
    }

    /**
     * Transaction 1: hold the order's notification, decide, commit the message composed (the
     * intent); then mail it outside any transaction, keyed by the id of that MessageComposed;
     * transaction 2: hold again and record what the mailer said. A crash before the second commit
     * brings the outcome event back, which finds the message composed and mails it with the same
     * key: the mailer sends it once.
     */
    private Uni<Step> notify(EventEnvelope cause, String orderId, String recipient, String reason) {
        NotificationType type = NotificationType.forEvent(cause.eventType());
        return notifications.hold(orderId).chain(loaded -> {
            Notification notification = loaded.notification();
            Optional<Messages.Mail> message = notification.onOutcome(type, reason);
            if (message.isEmpty()) {
                LOG.warnf("order %s already has a %s message; %s not sent again", orderId, notification.type(), type);
                return Uni.createFrom().item(Step.done(List.of()));
            }
            Messages.Mail mail = message.get();
            return notifications
                    .append(loaded, cause, notification.composed(type, recipient, mail))
                    .map(intent -> {
                        String key = intent.isEmpty()
                                ? NotificationStore.messageKey(loaded)
                                : intent.get(0).eventId().toString();
                        return Step.call(
                                intent,
                                () -> mail(key, orderId, recipient, mail),
                                undeliverable -> record(cause, orderId, type, recipient, mail, undeliverable));
                    });
        });
    }

    /** Mails outside any transaction: empty when sent, else why it cannot be delivered. */
    private Uni<Optional<String>> mail(String key, String orderId, String recipient, Messages.Mail mail) {
        return mailer.send(key, recipient, mail.subject(), mail.text())
                .map(sent -> Optional.<String>empty())
                // A bad address is the answer (FAILED); a mail server that stays down fails the
                // handling, which the broker retries later and, in the end, dead-letters.
                .onFailure(DeliveryFailedException.class)
                .recoverWithItem(failure -> {
                    LOG.warnf("mail for order %s to %s failed: %s", orderId, recipient, failure.getMessage());
                    return Optional.of(failure.getMessage());
                });
    }

    private Uni<Step> record(
            EventEnvelope cause,
            String orderId,
            NotificationType type,
            String recipient,
            Messages.Mail mail,
            Optional<String> undeliverable) {
        return notifications.hold(orderId).chain(loaded -> {
            Notification notification = loaded.notification();
            List<DomainEvent> decided = undeliverable
                    .map(why -> notification.failed(type, recipient, mail, why))
                    .orElseGet(() -> notification.sent(type, recipient, mail));
            return notifications.append(loaded, cause, decided).map(Step::done);
        });
    }
}
