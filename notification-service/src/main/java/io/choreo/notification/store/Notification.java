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

/** The message an order's customer was sent (or could not be sent). One per order. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

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
    public long eventVersion;
}
