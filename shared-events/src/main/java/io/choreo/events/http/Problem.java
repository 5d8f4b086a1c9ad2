package io.choreo.events.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document, with the bad fields of the request in {@code violations}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field: where it is in the request ({@code items[0].quantity}) and what is wrong. */
    public record Violation(String field, String message) {}
}
