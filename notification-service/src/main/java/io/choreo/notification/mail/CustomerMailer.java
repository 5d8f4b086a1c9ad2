package io.choreo.notification.mail;

import java.time.temporal.ChronoUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

import io.choreo.events.provider.IdempotencyKeys;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Sends customer mail through Quarkus Mailer, retried with backoff on transient failures, timed
 * out and behind a circuit breaker (SmallRye Fault Tolerance). The
 * simulated rule of DESIGN.md: a recipient whose domain ends in {@code .invalid} cannot be
 * delivered to (RFC 2606 reserves it), whatever the mailer is. Every message carries an
 * idempotency key, sent as its {@code Message-ID}; a key this process sent before is not sent
 * again.
 */
@ApplicationScoped
public class CustomerMailer {

    private static final Logger LOG = Logger.getLogger(CustomerMailer.class);

    @Inject
    ReactiveMailer mailer;

    /** The keys of the messages sent by this process (see {@link IdempotencyKeys}: a real SMTP server keeps none). */
    private IdempotencyKeys sent;

    @ConfigProperty(name = "choreo.mail.remembered-keys", defaultValue = "100000")
    int remembered;

    @PostConstruct
    void remember() {
        sent = new IdempotencyKeys(remembered);
    }

    @Retry(
            maxRetries = 3,
            delay = 200,
            delayUnit = ChronoUnit.MILLIS,
            jitter = 100,
            abortOn = DeliveryFailedException.class)
    @ExponentialBackoff(maxDelay = 5000)
    @Timeout(10000)
    @CircuitBreaker(
            requestVolumeThreshold = 20,
            failureRatio = 0.75,
            delay = 5000,
            skipOn = DeliveryFailedException.class)
    public Uni<Void> send(String key, String recipient, String subject, String text) {
        if (undeliverable(recipient)) {
            return Uni.createFrom()
                    .failure(new DeliveryFailedException("undeliverable recipient domain: " + recipient));
        }
        if (!sent.claim(key)) {
            LOG.infof("message %s to %s was sent before; not sent again", key, recipient);
            return Uni.createFrom().voidItem();
        }
        return mailer.send(Mail.withText(recipient, subject, text).addHeader("Message-ID", messageId(key)))
                .onFailure()
                .invoke(() -> sent.release(key));
    }

    /** The Message-ID of the message with idempotency key {@code key} (RFC 5322: {@code <left@right>}). */
    public static String messageId(String key) {
        return "<" + key + "@notification.choreo>";
    }

    static boolean undeliverable(String recipient) {
        int at = recipient == null ? -1 : recipient.lastIndexOf('@');
        return at < 0 || recipient.substring(at + 1).toLowerCase().endsWith(".invalid");
    }
}
