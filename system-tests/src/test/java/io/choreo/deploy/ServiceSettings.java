package io.choreo.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service reads from its environment, derived from its configuration files (the shared
 * microprofile-config.properties of shared-events, then its application.properties), so that a
 * deployment descriptor can be checked against it: a deployment must set every {@code ${VAR}} the
 * configuration names and every setting whose default points at this machine (localhost), and
 * should set nothing that no setting reads (a misspelt name).
 */
final class ServiceSettings {

    static final List<String> SERVICES = List.of("inventory", "payment", "shipping", "notification");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern LOCAL = Pattern.compile("localhost|127\\.0\\.0\\.1");

    /** Variables that must be set, each with the reason. */
    final Map<String, String> required = new TreeMap<>();
    /** Every variable some setting of the service reads. */
    final Set<String> known = new TreeSet<>();
    /** The service's HTTP port variable, e.g. {@code INVENTORY_PORT}. */
    final String portVariable;

    ServiceSettings(Path root, String service) {
        Map<String, String> config = new LinkedHashMap<>();
        config.putAll(
                properties(root.resolve("shared-events/src/main/resources/META-INF/microprofile-config.properties")));
        config.putAll(properties(root.resolve(service + "-service/src/main/resources/application.properties")));
        config.forEach((key, value) -> {
            known.add(envName(key));
            Matcher expression = EXPRESSION.matcher(value);
            boolean hasExpression = false;
            while (expression.find()) {
                hasExpression = true;
                required.put(expression.group(1), key + " reads ${" + expression.group(1) + "}");
                known.add(expression.group(1));
            }
            if (!hasExpression && LOCAL.matcher(value).find()) {
                required.put(envName(key), key + "=" + value + " points at this machine");
            }
        });
        portVariable = service.toUpperCase() + "_PORT";
    }

    /** Problems of one deployed container whose environment is {@code env}. */
    List<String> check(String where, Set<String> env) {
        List<String> problems = new java.util.ArrayList<>();
        required.forEach((var, why) -> {
            if (!env.contains(var)) {
                problems.add(where + ": " + var + " is not set (" + why + ")");
            }
        });
        for (String var : env) {
            if (!known.contains(var)) {
                problems.add(where + ": " + var + " is set but no setting of the service reads it");
            }
        }
        return problems;
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static Map<String, String> properties(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || eq < 0 || trimmed.startsWith("%")) {
                    continue;
                }
                out.put(
                        trimmed.substring(0, eq).strip(),
                        trimmed.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
