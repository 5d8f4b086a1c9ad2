package io.choreo.inventory.store;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The read model (and snapshot) of one SKU's stock, as {@link StockReadModel} folds it from its Stock events. */
@Entity
@Table(name = "stock_item")
public class StockItem extends PanacheEntityBase {

    @Id
    public String sku;

    public String name;
    public BigDecimal unitPrice;
    public String currency;
    public int available;
    public int reserved;
    public int sold;

    /** The version of the SKU's Stock aggregate this row shows: the row is also its snapshot. */
    public long version;
}
