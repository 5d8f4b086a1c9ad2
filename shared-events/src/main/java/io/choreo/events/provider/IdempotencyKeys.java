package io.choreo.events.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How a simulated provider (gateway, carrier, mail) honours idempotency keys: it remembers the
 * answer it gave to each key, the newest {@code capacity} of them. A call with a key answered
 * before gets the same answer again and has no second effect (one charge, one booking, one mail).
 * A call that fails is not remembered: nothing happened, and a later call may try again. The memory
 * lives in the process, so a restart forgets it; a real provider keeps its keys on its side (payment
 * gateways typically for a day or more), which is what the services rely on.
 */
public final class IdempotencyKeys {

    private static final Object CLAIMED = new Object();

    private final Map<String, Object> answers;

    public IdempotencyKeys(int capacity) {
        this.answers = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The answer to {@code key}: the one given before, or {@code effect}'s (run once, remembered when it returns). */
    @SuppressWarnings("unchecked")
    public synchronized <R> R once(String key, Supplier<R> effect) {
        Object known = answers.get(key);
        if (known != null) {
            return (R) known;
        }
        R answer = effect.get();
        answers.put(key, answer);
        return answer;
    }

    /**
     * For an effect that completes later (a mail handed to a server): true when {@code key} is new
     * and now taken by the caller, who makes the effect; false when it was made (or is being made).
     */
    public synchronized boolean claim(String key) {
        return answers.putIfAbsent(key, CLAIMED) == null;
    }

    /** The effect of a claimed {@code key} failed: a later call may make it. */
    public synchronized void release(String key) {
        answers.remove(key, CLAIMED);
    }
}
