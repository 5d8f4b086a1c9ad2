package io.choreo.inventory.store;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

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

    /** The rows of these SKUs, locked for update in SKU order, so concurrent orders never deadlock. */
    public static Uni<List<StockItem>> lockAll(Collection<String> skus) {
        return StockItem.<StockItem>find("sku in ?1", Sort.by("sku"), skus)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    public static Uni<List<StockItem>> findAll(Collection<String> skus) {
        return StockItem.<StockItem>find("sku in ?1", Sort.by("sku"), skus).list();
    }
}
