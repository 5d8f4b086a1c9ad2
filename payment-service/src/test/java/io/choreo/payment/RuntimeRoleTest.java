package io.choreo.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Least privilege: the whole rebuild suite again, with the service running as the runtime role
 * {@code choreo_app} (created by scripts/infra.sh, owns nothing) while Flyway migrates as the
 * owner {@code choreo}. The rebuild's temp tables, locks and {@code ?apply=true} repair all work
 * with read/write rights alone, and the role can change no table's shape.
 */
@QuarkusTest
@TestProfile(RuntimeRoleTest.AsRuntimeRole.class)
class RuntimeRoleTest extends ProjectionRebuildTest {

    public static class AsRuntimeRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.username", "choreo_app",
                    "quarkus.datasource.password", "choreo",
                    "quarkus.flyway.username", "choreo",
                    "quarkus.flyway.password", "choreo");
        }
    }

    @Test
    void theServiceRunsAsARoleThatMayOnlyReadAndWrite() {
        assertEquals("choreo_app", sql("SELECT current_user"));
        assertEquals("choreo", sql("SELECT tableowner FROM pg_tables WHERE tablename = 'payment'"));
        for (String ddl : new String[] {
            "ALTER TABLE payment ADD COLUMN sneaky text",
            "DROP TABLE event_store",
            "TRUNCATE payment",
            "CREATE TABLE sneaky (id int)",
            "DELETE FROM flyway_schema_history"
        }) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> sql(ddl), ddl);
            assertTrue(
                    refused.getMessage().contains("permission denied")
                            || refused.getMessage().contains("must be owner"),
                    ddl + ": " + refused.getMessage());
        }
    }

    private String sql(String statement) {
        var rows = pool.query(statement).execute().await().atMost(Duration.ofSeconds(5));
        return rows.size() == 0 || rows.columnsNames().isEmpty()
                ? null
                : String.valueOf(rows.iterator().next().getValue(0));
    }
}
