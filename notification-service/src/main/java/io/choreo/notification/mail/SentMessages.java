package io.choreo.notification.mail;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The idempotency keys of the messages this process has handed to the mailer, the newest
 * {@code choreo.mail.remembered-keys} of them: a message whose key is here is not sent again. This
 * is what makes the mock mailer (and the process in front of a real one) honour the key; it lives
 * in memory, so a restarted process forgets it, and a real SMTP server does not deduplicate by
 * {@code Message-ID} at all (see docs/operations.md, "Provider calls").
 */
@ApplicationScoped
public class SentMessages {

    private final Map<String, Boolean> keys;

    public SentMessages(@ConfigProperty(name = "choreo.mail.remembered-keys", defaultValue = "100000") int capacity) {
        this.keys = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when {@code key} was not sent before and is now taken by the caller, who sends it. */
    public synchronized boolean claim(String key) {
        return keys.putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** The send of {@code key} failed: a later attempt may send it. */
    public synchronized void release(String key) {
        keys.remove(key);
    }
}
