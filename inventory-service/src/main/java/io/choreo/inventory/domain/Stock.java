package io.choreo.inventory.domain;

import java.math.BigDecimal;
import java.util.List;

import io.choreo.events.contract.DomainEvent;

/**
 * The stock of one SKU, the aggregate: available to sell, reserved for pending orders, sold to
 * confirmed ones. Its state is the fold of its private events ({@link #apply} is the only code
 * that changes it); its read model row is also its snapshot, so a handling folds only the
 * events after it.
 */
public final class Stock {

    private final String sku;
    private String name;
    private BigDecimal unitPrice;
    private String currency;
    private int available;
    private int reserved;
    private int sold;
    private long version;

    private Stock(String sku) {
        this.sku = sku;
    }

    public static Stock fold(String sku, List<DomainEvent> events) {
        Stock stock = new Stock(sku);
        events.forEach(stock::apply);
        stock.version = events.size();
        return stock;
    }

    /** The stock as a snapshot left it at {@code version}, before the events after it are applied. */
    public static Stock snapshot(
            String sku,
            String name,
            BigDecimal unitPrice,
            String currency,
            int available,
            int reserved,
            int sold,
            long version) {
        Stock stock = new Stock(sku);
        stock.name = name;
        stock.unitPrice = unitPrice;
        stock.currency = currency;
        stock.available = available;
        stock.reserved = reserved;
        stock.sold = sold;
        stock.version = version;
        return stock;
    }

    /** Applies an event that follows the current version. */
    public void applyNext(DomainEvent event) {
        apply(event);
        version++;
    }

    private void apply(DomainEvent event) {
        if (event instanceof StockAdded added) {
            name = added.name();
            unitPrice = added.unitPrice();
            currency = added.currency();
            available += added.quantity();
        } else if (event instanceof StockReserved r) {
            available -= r.quantity();
            reserved += r.quantity();
        } else if (event instanceof StockReleased r) {
            reserved -= r.quantity();
            available += r.quantity();
        } else if (event instanceof StockSold s) {
            reserved -= s.quantity();
            sold += s.quantity();
        }
    }

    // --- decisions: each returns the event, not yet applied ----------------------------------

    public StockReserved reserve(String orderId, int quantity) {
        if (quantity > available) {
            throw new IllegalStateException(sku + ": cannot reserve " + quantity + ", " + available + " available");
        }
        return new StockReserved(sku, orderId, quantity);
    }

    public StockReleased release(String orderId, int quantity) {
        return new StockReleased(sku, orderId, quantity);
    }

    public StockSold sell(String orderId, int quantity) {
        return new StockSold(sku, orderId, quantity);
    }

    public StockAdded restock(int quantity) {
        return new StockAdded(sku, name, unitPrice, currency, quantity);
    }

    public boolean exists() {
        return name != null;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public BigDecimal unitPrice() {
        return unitPrice;
    }

    public String currency() {
        return currency;
    }

    public int available() {
        return available;
    }

    public int reserved() {
        return reserved;
    }

    public int sold() {
        return sold;
    }

    public long version() {
        return version;
    }
}
