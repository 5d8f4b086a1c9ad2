package io.choreo.events.store;

import java.util.List;

import jakarta.persistence.AttributeConverter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.OrderItem;

/**
 * Event contract values stored as JSON text in entity columns. (Hibernate Reactive's JSON type
 * cannot hold a JSON array, so these converters write plain text.)
 */
public final class JsonColumns {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().findAndAddModules().build();

    private JsonColumns() {}

    static String write(Object value) {
        try {
            return value == null ? null : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A list of order items. */
    public static class Items implements AttributeConverter<List<OrderItem>, String> {
        @Override
        public String convertToDatabaseColumn(List<OrderItem> items) {
            return write(items);
        }

        @Override
        public List<OrderItem> convertToEntityAttribute(String json) {
            return read(json, new TypeReference<List<OrderItem>>() {});
        }
    }

    /** A postal address. */
    public static class PostalAddress implements AttributeConverter<Address, String> {
        @Override
        public String convertToDatabaseColumn(Address address) {
            return write(address);
        }

        @Override
        public Address convertToEntityAttribute(String json) {
            return read(json, new TypeReference<Address>() {});
        }
    }
}
