package io.choreo.events.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that plays the other services on the real broker: one {@link TestBroker} for all its tests. */
public abstract class BrokerTest {

    protected static TestBroker broker;

    @BeforeAll
    static void connectToTheBroker() {
        broker = TestBroker.connect();
    }

    @AfterAll
    static void closeTheBroker() {
        broker.close();
    }
}
