package io.choreo.events.projection;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/** {@code POST /admin/projections/rebuild[?apply=true]}: rebuild every read model from the events, compare, repair. */
@Path("/admin/projections")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionResource {

    @Inject
    ProjectionRebuild rebuild;

    @POST
    @Path("/rebuild")
    public Uni<ProjectionRebuild.Result> rebuild(@QueryParam("apply") @DefaultValue("false") boolean apply) {
        return rebuild.rebuild(apply);
    }
}
