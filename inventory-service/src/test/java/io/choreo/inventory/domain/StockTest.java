package io.choreo.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.DomainEvent;

class StockTest {

    static final List<DomainEvent> HISTORY = List.of(
            new StockAdded("SKU-1", "Gear", new BigDecimal("2.50"), "EUR", 10),
            new StockReserved("SKU-1", "o1", 4),
            new StockReserved("SKU-1", "o2", 3),
            new StockSold("SKU-1", "o1", 4),
            new StockReleased("SKU-1", "o2", 3),
            new StockAdded("SKU-1", "Gear", new BigDecimal("2.50"), "EUR", 5));

    @Test
    void theStockIsTheFoldOfItsEvents() {
        Stock stock = Stock.fold("SKU-1", HISTORY);
        assertEquals(11, stock.available());
        assertEquals(0, stock.reserved());
        assertEquals(4, stock.sold());
        assertEquals(6, stock.version());
        assertEquals("Gear", stock.name());
    }

    @Test
    void aSnapshotPlusTheEventsAfterItEqualsTheWholeFold() {
        Stock upToThree = Stock.fold("SKU-1", HISTORY.subList(0, 3));
        Stock resumed = Stock.snapshot(
                "SKU-1",
                upToThree.name(),
                upToThree.unitPrice(),
                upToThree.currency(),
                upToThree.available(),
                upToThree.reserved(),
                upToThree.sold(),
                upToThree.version());
        HISTORY.subList(3, HISTORY.size()).forEach(resumed::applyNext);
        Stock whole = Stock.fold("SKU-1", HISTORY);
        assertEquals(whole.available(), resumed.available());
        assertEquals(whole.reserved(), resumed.reserved());
        assertEquals(whole.sold(), resumed.sold());
        assertEquals(whole.version(), resumed.version());
    }

    @Test
    void moreThanIsAvailableCannotBeReserved() {
        Stock stock = Stock.fold("SKU-1", HISTORY.subList(0, 3));
        assertEquals(new StockReserved("SKU-1", "o3", 3), stock.reserve("o3", 3));
        assertThrows(IllegalStateException.class, () -> stock.reserve("o3", 4));
    }
}
