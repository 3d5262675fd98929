package floor;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

@Path("/items")
public class ItemResource {

    public record NewItem(String title, int priority) {
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Item> get(@PathParam("id") UUID id) {
        return Item.<Item>findById(id).onItem().ifNull().failWith(NotFoundException::new);
    }

    @POST
    @WithTransaction
    public Uni<Response> create(NewItem body) {
        Item item = new Item();
        item.id = UUID.randomUUID();
        item.title = body.title();
        item.status = "pending";
        item.priority = body.priority();
        item.createdAt = Instant.now();
        return item.persist().map(saved -> Response.status(201).entity(saved).build());
    }
}
