package com.gladlabs.cofounder.cms;

import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.gladlabs.cofounder.common.QueryParameters;
import com.gladlabs.cofounder.common.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** The CMS read API: published posts, their categories and tags. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Posts", description = "The CMS read API: published posts, their categories and tags")
public class PostResource {

    private final PostService posts;

    public PostResource(PostService posts) {
        this.posts = posts;
    }

    @GET
    @Path("/posts")
    @Operation(operationId = "listPosts", summary = "Published posts, newest first")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "Page number, from 1",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000", defaultValue = "1"))
    @Parameter(name = "page_size", in = ParameterIn.QUERY, description = "Posts per page",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    public Uni<PostService.PostPage> list(@Context UriInfo uri) {
        QueryParameters in = new QueryParameters(uri.getQueryParameters(), Set.of("page", "page_size"));
        int page = in.integer("page", 1, 1, 1_000_000);
        int pageSize = in.integer("page_size", 20, 1, 100);
        in.done();
        return posts.page(page, pageSize);
    }

    @GET
    @Path("/posts/{slug}")
    @Operation(operationId = "getPost", summary = "One published post with its content")
    @APIResponse(responseCode = "200", description = "The post", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PostService.Post.class)))
    @APIResponse(responseCode = "404", description = "No published post with that slug")
    public Uni<PostService.Post> bySlug(@PathParam("slug") String slug) {
        if (slug.length() > 200 || slug.indexOf('\0') >= 0) {
            throw ProblemException.notFound("No published post with that slug");
        }
        return posts.bySlug(slug).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No published post with slug " + slug));
    }

    @GET
    @Path("/categories")
    @Operation(operationId = "listCategories", summary = "Categories of published posts with their post counts")
    public Uni<List<PostService.NameCount>> categories(@Context UriInfo uri) {
        // No parameters: one sent is a 400 naming it, as everywhere else in the API.
        new QueryParameters(uri.getQueryParameters(), Set.of()).done();
        return posts.categories();
    }

    @GET
    @Path("/tags")
    @Operation(operationId = "listTags", summary = "Tags of published posts with their post counts")
    public Uni<List<PostService.NameCount>> tags(@Context UriInfo uri) {
        new QueryParameters(uri.getQueryParameters(), Set.of()).done();
        return posts.tags();
    }
}
