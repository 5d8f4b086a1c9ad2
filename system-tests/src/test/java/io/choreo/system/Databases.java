package io.choreo.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC on the system-test databases: fresh ones before the run, and the facts the invariants are checked on. */
final class Databases {

    static final List<String> SERVICES = List.of("inventory", "payment", "shipping", "notification");
    private static final String HOST = System.getProperty("choreo.pg", "127.0.0.1:5432");
    private static final String ADMIN = System.getProperty("choreo.pg.admin", "postgres");
    private static final String USER = System.getenv().getOrDefault("CHOREO_DB_USER", "choreo");
    private static final String PASSWORD = System.getenv().getOrDefault("CHOREO_DB_PASSWORD", "choreo");

    private Databases() {}

    /** Drops and creates {@code st_<service>} for every service, owned by the services' role. */
    static void recreate() throws SQLException {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", ADMIN, "");
                Statement sql = admin.createStatement()) {
            for (String service : SERVICES) {
                String db = Services.DB_PREFIX + service;
                sql.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                sql.execute("CREATE DATABASE " + db + " OWNER " + USER);
            }
        }
    }

    static Connection open(String service) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + "/" + Services.DB_PREFIX + service, USER, PASSWORD);
    }

    /** Rows of a query as maps of column name to value. */
    static List<Map<String, Object>> query(String service, String sql, Object... params) {
        try (Connection connection = open(service);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static long count(String service, String sql, Object... params) {
        return ((Number) query(service, sql, params).get(0).values().iterator().next()).longValue();
    }
}
