package io.choreo.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * The Secrets prod expects to find, as docs/operations.md tells the operator to create them
 * ({@code kubectl create secret generic <name> --from-literal=<key>=...}; a name holding
 * {@code $svc} stands for each of the four services). Values are left empty: only names and keys
 * are known.
 */
final class DocumentedSecrets {

    private static final String COMMAND = "kubectl create secret generic ";
    private static final Pattern KEY = Pattern.compile("--from-literal=([A-Za-z0-9._-]+)=");

    private DocumentedSecrets() {}

    static Map<String, Secret> read(Path operations) {
        String text;
        try {
            text = Files.readString(operations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Secret> secrets = new LinkedHashMap<>();
        String[] commands = text.split(Pattern.quote(COMMAND));
        for (int i = 1; i < commands.length; i++) {
            // The command runs up to the end of its code block (or the next kubectl).
            String command = commands[i].split("```|kubectl ")[0];
            Map<String, String> keys = new LinkedHashMap<>();
            Matcher key = KEY.matcher(command);
            while (key.find()) {
                keys.put(key.group(1), "");
            }
            String name = command.trim().split("\\s+")[0].replace("\"", "");
            for (String service : name.contains("$svc") ? ServiceSettings.SERVICES : java.util.List.of("")) {
                String each = name.replace("${svc}", service).replace("$svc", service);
                secrets.put(
                        each,
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName(each)
                                .endMetadata()
                                .withStringData(keys)
                                .build());
            }
        }
        return secrets;
    }
}
