package io.choreo.events.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import jakarta.persistence.OptimisticLockException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Which failures are outages (the message waits, tries unspent) and which are the message's own. */
class OutagesTest {

    @Test
    void anUnreachableDatabaseIsAnOutage() {
        assertTrue(Outages.isOutage(new ConnectException("Connection refused: /127.0.0.1:5432")));
        assertTrue(Outages.isOutage(new SocketException("Connection reset")));
        assertTrue(Outages.isOutage(ClosedConnectionException.INSTANCE));
        assertTrue(Outages.isOutage(new VertxException("Connection is not active now, current status: CLOSED")));
        assertTrue(Outages.isOutage(new IOException("Broken pipe")));
        assertTrue(Outages.isOutage(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size")));
        assertTrue(Outages.isOutage(new NoStackTraceTimeoutException("Timeout waiting for a connection")));
        assertTrue(Outages.isOutage(new SQLTransientConnectionException("Sorry, acquisition timeout!")));
        assertTrue(Outages.isOutage(new SQLException("the connection attempt failed", "08001")));
        assertTrue(Outages.isOutage(pg("57P01", "terminating connection due to administrator command")));
        assertTrue(Outages.isOutage(pg("57P03", "the database system is starting up")));
        assertTrue(Outages.isOutage(pg("53300", "sorry, too many clients already")));
        assertTrue(Outages.isOutage(pg("08006", "connection failure")));
    }

    @Test
    void hibernateReactiveAndMutinyWrappersAreLookedThrough() {
        Throwable wrapped = new CompletionException(new HibernateException(
                "HR000001: could not execute query", new VertxException("Connection is not active")));
        assertTrue(Outages.isOutage(wrapped));
        assertTrue(Outages.isOutage(new jakarta.persistence.PersistenceException(
                new HibernateException(new ConnectException("Connection refused")))));
    }

    @Test
    void anOpenCircuitATimeoutAndAnUnavailableProviderAreOutages() {
        assertTrue(Outages.isOutage(new CircuitBreakerOpenException("GuardedPaymentGateway#charge circuit open")));
        assertTrue(Outages.isOutage(
                new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException("timed out after 3000 ms")));
        assertTrue(Outages.isOutage(new TimeoutException()));
        assertTrue(Outages.isOutage(new io.smallrye.mutiny.TimeoutException()));
        assertTrue(Outages.isOutage(new ProviderUnavailableException("mail server unreachable")));
        assertTrue(Outages.isOutage(
                new IllegalStateException("charge failed", new ProviderUnavailableException("gateway answered 503"))));
    }

    @Test
    void aFailureWhileEverythingIsReachableIsTheMessagesOwn() {
        assertFalse(Outages.isOutage(new IllegalStateException("injected handler failure, call 1")));
        assertFalse(Outages.isOutage(new NullPointerException()));
        assertFalse(Outages.isOutage(pg("23505", "duplicate key value violates unique constraint")));
        assertFalse(Outages.isOutage(pg("42P01", "relation \"payment\" does not exist")));
        assertFalse(Outages.isOutage(pg("22P02", "invalid input syntax for type uuid")));
        assertFalse(Outages.isOutage(new OptimisticLockException("row was updated")));
        assertFalse(Outages.isOutage(new VertxException("something else went wrong")));
        assertFalse(Outages.isOutage(new HibernateException("HR000069: wrong thread")));
        assertFalse(Outages.isOutage(new SQLException("syntax error", "42601")));
        assertFalse(Outages.isOutage(null));
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        assertFalse(Outages.isOutage(a));
    }

    @Test
    void theOutageBackoffDoublesUpToItsCap() {
        OutageBackoff backoff =
                new OutageBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10));
        assertEquals(Duration.ofSeconds(1), backoff.delay(0));
        assertEquals(Duration.ofSeconds(2), backoff.delay(1));
        assertEquals(Duration.ofSeconds(16), backoff.delay(4));
        assertEquals(Duration.ofSeconds(30), backoff.delay(5));
        assertEquals(Duration.ofSeconds(30), backoff.delay(Integer.MAX_VALUE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new OutageBackoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    private static PgException pg(String state, String message) {
        return new PgException(message, "FATAL", state, null);
    }
}
