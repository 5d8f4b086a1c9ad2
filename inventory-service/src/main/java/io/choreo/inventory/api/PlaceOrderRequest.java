package io.choreo.inventory.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /orders}. Text fields refuse control characters (U+0000 would even
 * reach PostgreSQL, which refuses the byte).
 */
public record PlaceOrderRequest(
        @NotBlank @Email @Size(max = 254) @Pattern(regexp = TEXT, message = NO_CONTROL)
        String customerEmail,

        @NotEmpty @Size(max = 50) List<@NotNull @Valid Item> items,
        @NotNull @Valid Payment payment,
        @NotNull @Valid ShippingAddress shippingAddress) {

    /** Text without control characters (C0, DEL, C1). */
    static final String TEXT = "[^\\p{Cntrl}\\u0080-\\u009F]*";

    static final String NO_CONTROL = "must not contain control characters";

    public record Item(
            @NotBlank @Size(max = 64) @Pattern(regexp = TEXT, message = NO_CONTROL)
            String sku,

            @NotNull @Min(1) @Max(1000) Integer quantity) {}

    public record Payment(
            @NotBlank @Pattern(regexp = "CARD", message = "must be CARD")
            String method,

            @NotBlank @Size(max = 128) @Pattern(regexp = TEXT, message = NO_CONTROL)
            String token) {}

    public record ShippingAddress(
            @NotBlank @Size(max = 200) @Pattern(regexp = TEXT, message = NO_CONTROL)
            String name,

            @NotBlank @Size(max = 200) @Pattern(regexp = TEXT, message = NO_CONTROL)
            String street,

            @NotBlank @Size(max = 100) @Pattern(regexp = TEXT, message = NO_CONTROL)
            String city,

            @NotBlank @Size(max = 20) @Pattern(regexp = TEXT, message = NO_CONTROL)
            String postalCode,

            @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as GB")
            String country) {}
}
