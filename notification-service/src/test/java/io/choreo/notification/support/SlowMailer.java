package io.choreo.notification.support;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.notification.mail.CustomerMailer;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/** The mailer, counting its sends per recipient, and slow for some recipients so that two handlings overlap. */
@Mock
@ApplicationScoped
public class SlowMailer extends CustomerMailer {

    /** Recipients whose mail takes a while. */
    public static final Set<String> SLOW = ConcurrentHashMap.newKeySet();

    public static final Map<String, Integer> SENDS = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> send(String recipient, String subject, String text) {
        SENDS.merge(recipient, 1, Integer::sum);
        Uni<Void> sent = super.send(recipient, subject, text);
        return SLOW.contains(recipient) ? sent.onItem().delayIt().by(Duration.ofMillis(1500)) : sent;
    }
}
