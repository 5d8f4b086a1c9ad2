package io.choreo.events.consume;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Tells an outage from a failure of the message, in one place for the consumer and the HTTP API.
 * An outage is a dependency that cannot be reached: the database (connection refused, reset or
 * closed, pool exhausted or its connection wait timed out, the server shutting down or refusing
 * connections), a provider behind an open circuit breaker or marked
 * {@link ProviderUnavailableException}, or anything that timed out. Anything else, a failure
 * while everything was reachable, is the message's own failure. Wrappers (Hibernate Reactive,
 * Mutiny, {@code CompletionException}) are looked through: the whole cause chain counts.
 */
public final class Outages {

    /** Fault tolerance's exceptions, matched by name: not every service has SmallRye Fault Tolerance. */
    private static final Set<String> FAULT_TOLERANCE = Set.of(
            "org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException",
            "org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException");

    /** What a lost or refused connection says when it comes without a telling type. */
    private static final String[] CONNECTION_LOST = {
        "connection is not active",
        "connection refused",
        "connection reset",
        "connection closed",
        "connection was closed",
        "broken pipe",
        "failed to connect",
        "pending requests"
    };

    private Outages() {}

    /** True when {@code failure} means a dependency was unreachable, so the message is not to blame. */
    public static boolean isOutage(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isUnreachable(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnreachable(Throwable t) {
        if (t instanceof ProviderUnavailableException
                || t instanceof TimeoutException
                || t instanceof io.smallrye.mutiny.TimeoutException
                || t instanceof ConnectException
                || t instanceof NoRouteToHostException
                || t instanceof UnknownHostException
                || t instanceof SocketException
                || t instanceof ClosedChannelException
                || t instanceof ClosedConnectionException
                || t instanceof ConnectionPoolTooBusyException
                || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (t instanceof DatabaseException db) {
            return isUnreachableState(db.getSqlState());
        }
        if (t instanceof SQLException sql && isUnreachableState(sql.getSQLState())) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (FAULT_TOLERANCE.contains(c.getName())) {
                return true;
            }
        }
        return (t instanceof VertxException || t instanceof IOException) && saysConnectionLost(t.getMessage());
    }

    /**
     * SQLSTATEs of a server that cannot be used right now: class 08 (connection exception),
     * 57P01-57P03 (shutting down, crashed, cannot connect now), 53300 (too many connections).
     */
    static boolean isUnreachableState(String state) {
        return state != null
                && (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("53300"));
    }

    private static boolean saysConnectionLost(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String words : CONNECTION_LOST) {
            if (lower.contains(words)) {
                return true;
            }
        }
        return false;
    }
}
