package io.choreo.system;

/** The JSON bodies of {@code POST /orders} that the system tests and the fault drill send. */
final class OrderBodies {

    private OrderBodies() {}

    static String item(String sku, int quantity) {
        return "{\"sku\": \"%s\", \"quantity\": %d}".formatted(sku, quantity);
    }

    static String order(String token, String country, String email, String... items) {
        return """
                {"customerEmail": "%s", "items": [%s],
                 "payment": {"method": "CARD", "token": "%s"},
                 "shippingAddress": {"name": "Ada Lovelace", "street": "1 Analytical Way", "city": "London",
                                     "postalCode": "N1 9GU", "country": "%s"}}
                """.formatted(email, String.join(", ", items), token, country);
    }
}
