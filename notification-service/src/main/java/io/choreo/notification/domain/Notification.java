package io.choreo.notification.domain;

import java.util.List;
import java.util.Optional;

import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.NotificationFailed;
import io.choreo.events.contract.NotificationSent;

/**
 * The customer message of one order, the aggregate: its state is the fold of its events
 * ({@link #apply} is the only code that changes it), and its decisions are pure: they return the
 * events to append. An order's outcome is told once: the first outcome event decides the
 * message, any later one sends nothing.
 */
public final class Notification {

    /** The longest error kept (the read model's column holds 255). */
    static final int MAX_ERROR = 250;

    private final String orderId;
    private NotificationType type;
    private String recipient;
    private String subject;
    private NotificationStatus status;
    private String error;
    private NotificationType composed;

    private Notification(String orderId) {
        this.orderId = orderId;
    }

    /** The notification as its events leave it (none: the customer was not told anything yet). */
    public static Notification fold(String orderId, List<DomainEvent> events) {
        Notification notification = new Notification(orderId);
        events.forEach(notification::apply);
        return notification;
    }

    public void apply(DomainEvent event) {
        if (event instanceof MessageComposed composed) {
            type = composed.type();
            recipient = composed.recipient();
            subject = composed.subject();
            this.composed = composed.type();
        } else if (event instanceof NotificationSent sent) {
            status = NotificationStatus.SENT;
            type = NotificationType.valueOf(sent.notificationType());
            recipient = sent.recipient();
            error = null;
        } else if (event instanceof NotificationFailed failed) {
            status = NotificationStatus.FAILED;
            type = NotificationType.valueOf(failed.notificationType());
            recipient = failed.recipient();
            error = failed.reason();
        }
    }

    // --- decisions ----------------------------------------------------------------------------

    /**
     * An order outcome: the message to send, or none when the customer was told (or tried to be)
     * already, or a message for another outcome is on its way (its own handling finishes it). A
     * message of this outcome composed but not yet told is sent again: the mailer knows its key.
     */
    public Optional<Messages.Mail> onOutcome(NotificationType outcome, String reason) {
        return told() || composed != null && composed != outcome
                ? Optional.empty()
                : Optional.of(Messages.compose(outcome, orderId, reason));
    }

    /** The intent, committed before the mailer is called: {@code mail} for {@code to} (none when composed already). */
    public List<DomainEvent> composed(NotificationType outcome, String to, Messages.Mail mail) {
        return told() || composed != null
                ? List.of()
                : List.of(new MessageComposed(orderId, outcome, to, mail.subject()));
    }

    /** The mailer took {@code mail} for {@code to}. */
    public List<DomainEvent> sent(NotificationType outcome, String to, Messages.Mail mail) {
        if (told()) {
            return List.of();
        }
        return with(composed(outcome, to, mail), new NotificationSent(orderId, outcome.name(), to));
    }

    /** {@code mail} cannot be delivered to {@code to} (a bad address): the answer, not retried. */
    public List<DomainEvent> failed(NotificationType outcome, String to, Messages.Mail mail, String why) {
        if (told()) {
            return List.of();
        }
        return with(composed(outcome, to, mail), new NotificationFailed(orderId, outcome.name(), to, truncate(why)));
    }

    private static List<DomainEvent> with(List<DomainEvent> first, DomainEvent then) {
        List<DomainEvent> all = new java.util.ArrayList<>(first);
        all.add(then);
        return List.copyOf(all);
    }

    /** Whether the order's outcome was told (SENT) or could not be (FAILED). */
    public boolean told() {
        return status != null;
    }

    private static String truncate(String text) {
        return text == null ? "delivery failed" : text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }

    public String orderId() {
        return orderId;
    }

    public NotificationType type() {
        return type;
    }

    public String recipient() {
        return recipient;
    }

    public String subject() {
        return subject;
    }

    public NotificationStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
