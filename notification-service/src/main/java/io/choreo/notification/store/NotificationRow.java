package io.choreo.notification.store;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.choreo.notification.domain.NotificationStatus;
import io.choreo.notification.domain.NotificationType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * The read model of the message an order's customer was sent (or could not be sent), one per
 * order, as {@link NotificationsReadModel} folds it from the events; queries only.
 */
@Entity
@Table(name = "notification")
public class NotificationRow extends PanacheEntityBase {

    @Id
    public String orderId;

    public String correlationId;

    @Enumerated(EnumType.STRING)
    public NotificationType type;

    public String recipient;
    public String subject;

    @Enumerated(EnumType.STRING)
    public NotificationStatus status;

    public String error;
    public Instant sentAt;
}
