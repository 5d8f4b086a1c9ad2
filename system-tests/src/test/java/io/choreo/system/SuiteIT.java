package io.choreo.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A system test class on the shared {@link RunningSuite}. Whatever its tests did, once the suite
 * is quiet again the six invariants must hold over every order placed so far.
 */
@ExtendWith(RunningSuite.StopAtTheEnd.class)
abstract class SuiteIT {

    static RunningSuite suite;

    @BeforeAll
    static void joinTheSuite() throws Exception {
        suite = RunningSuite.shared();
    }

    @AfterAll
    static void theInvariantsStillHold() {
        suite.awaitQuiet();
        suite.assertInvariants();
    }
}
