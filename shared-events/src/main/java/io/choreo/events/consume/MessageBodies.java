package io.choreo.events.consume;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A message body as bytes, whatever the connector made of it (it hands JSON over parsed, anything else as bytes). */
final class MessageBodies {

    private MessageBodies() {}

    static byte[] bytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        } else if (payload instanceof JsonObject json) {
            return json.encode().getBytes(StandardCharsets.UTF_8);
        } else if (payload instanceof JsonArray json) {
            return json.encode().getBytes(StandardCharsets.UTF_8);
        } else if (payload instanceof Buffer buffer) {
            return buffer.getBytes();
        } else if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }
}
