package io.choreo.notification.mail;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Sends customer mail through Quarkus Mailer, retried with backoff on transient failures, timed
 * out and behind a circuit breaker (SmallRye Fault Tolerance). The
 * simulated rule of DESIGN.md: a recipient whose domain ends in {@code .invalid} cannot be
 * delivered to (RFC 2606 reserves it), whatever the mailer is.
 */
@ApplicationScoped
public class CustomerMailer {

    @Inject
    ReactiveMailer mailer;

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
    public Uni<Void> send(String recipient, String subject, String text) {
        if (undeliverable(recipient)) {
            return Uni.createFrom()
                    .failure(new DeliveryFailedException("undeliverable recipient domain: " + recipient));
        }
        return mailer.send(Mail.withText(recipient, subject, text));
    }

    static boolean undeliverable(String recipient) {
        int at = recipient == null ? -1 : recipient.lastIndexOf('@');
        return at < 0 || recipient.substring(at + 1).toLowerCase().endsWith(".invalid");
    }
}
