package io.choreo.events.stream;

import io.choreo.events.EventEnvelope;

/** One event read from the stream, with its offset there (the publish order of every event). */
public record StreamRecord(long offset, EventEnvelope event) {}
