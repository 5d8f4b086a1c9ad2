package io.choreo.inventory.api;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.choreo.events.http.ProblemException;
import io.choreo.inventory.store.StockItem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Stock levels of the catalogue, for anyone. */
@PermitAll
@Path("/inventory")
@Produces(MediaType.APPLICATION_JSON)
public class InventoryResource {

    @GET
    public Uni<List<OrderViews.StockView>> all() {
        return Panache.withSession(
                        () -> StockItem.<StockItem>findAll(Sort.by("sku")).list())
                .map(items -> items.stream().map(OrderViews::of).toList());
    }

    @GET
    @Path("/{sku}")
    public Uni<OrderViews.StockView> one(@PathParam("sku") String sku) {
        return Panache.withSession(() -> StockItem.<StockItem>findById(sku))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No SKU " + sku + "."))
                .map(OrderViews::of);
    }
}
