package io.choreo.inventory.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.choreo.inventory.domain.Stock;
import io.choreo.inventory.service.StockService;
import io.smallrye.mutiny.Uni;

/** Stock for the admin role: restock a SKU. */
@Path("/admin/inventory")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class StockAdminResource {

    @Inject
    StockService stock;

    /** {@code {"quantity": n}}, n from 1 to 100000. */
    public record Restock(
            @NotNull(message = "is required")
            @Min(value = 1, message = "must be at least 1")
            @Max(value = 100_000, message = "must be at most 100000")
            Integer quantity) {}

    @POST
    @Path("/{sku}/restock")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<OrderViews.StockView> restock(
            @PathParam("sku") String sku, @NotNull(message = "a JSON body is required") @Valid Restock request) {
        return stock.restock(sku, request.quantity()).map(StockAdminResource::view);
    }

    static OrderViews.StockView view(Stock s) {
        return new OrderViews.StockView(
                s.sku(), s.name(), s.unitPrice(), s.currency(), s.available(), s.reserved(), s.sold());
    }
}
