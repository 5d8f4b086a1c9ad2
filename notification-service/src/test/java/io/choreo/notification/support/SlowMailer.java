package io.choreo.notification.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.notification.mail.CustomerMailer;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/** The mailer, counting its sends (and their keys) per recipient, and slow for some recipients so that two handlings overlap. */
@Mock
@ApplicationScoped
public class SlowMailer extends CustomerMailer {

    /** Recipients whose mail takes a while. */
    public static final Set<String> SLOW = ConcurrentHashMap.newKeySet();

    public static final Map<String, Integer> SENDS = new ConcurrentHashMap<>();

    /** The idempotency keys each recipient's mails were asked with, in order. */
    public static final Map<String, List<String>> KEYS = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> send(String key, String recipient, String subject, String text) {
        SENDS.merge(recipient, 1, Integer::sum);
        KEYS.computeIfAbsent(recipient, r -> new CopyOnWriteArrayList<>()).add(key);
        Uni<Void> sent = super.send(key, recipient, subject, text);
        return SLOW.contains(recipient) ? sent.onItem().delayIt().by(Duration.ofMillis(1500)) : sent;
    }
}
