package io.choreo.events.consume;

/** The headers that say why a message was retried or dead-lettered, and how often it failed. */
public final class DeadLetterHeaders {

    /** Which attempt the delivery is (1 for the first). */
    public static final String ATTEMPT = "x-choreo-attempt";
    /** When its first attempt failed (ISO-8601). */
    public static final String FIRST_FAILED_AT = "x-choreo-first-failed-at";
    /** The last error, shortened. */
    public static final String LAST_ERROR = "x-choreo-last-error";
    /** Why it is in the dead-letter queue. */
    public static final String REASON = "x-choreo-reason";
    /** How many attempts it had. */
    public static final String ATTEMPTS = "x-choreo-attempts";
    /** When it was dead-lettered (ISO-8601). */
    public static final String DEAD_LETTERED_AT = "x-choreo-dead-lettered-at";
    /** When an admin replayed it (ISO-8601). */
    public static final String REPLAYED_AT = "x-choreo-replayed-at";

    private DeadLetterHeaders() {}
}
