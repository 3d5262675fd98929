package com.gladlabs.cofounder.common.problem;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.gladlabs.cofounder.common.db.DatabaseFailure;
import com.gladlabs.cofounder.common.problem.Problem.FieldError;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The one place where failures become answers: every error body is problem+json, none carries a
 * stack trace, SQL or a class name. Whatever is not recognised is a bug: logged, answered 500.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String TYPE_PREFIX = "urn:cofounder:problem:";

    private final ObjectMapper json;

    public ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    public static String typeUri(String type) {
        return TYPE_PREFIX + type;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return render(e, request);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return render(ProblemException.invalid(errors), request);
    }

    /** Named one by one so that they win over the JSON extension's own mappers for these types. */
    @ServerExceptionMapper({ UnrecognizedPropertyException.class, MismatchedInputException.class,
            JsonMappingException.class, JsonProcessingException.class })
    public Response json(JacksonException e, HttpServerRequest request) {
        return render(JsonProblems.of(e), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JacksonException json) { // the JSON reader's own 400
            return render(JsonProblems.of(json), request);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        Map<String, String> headers = original.getStringHeaders().entrySet().stream()
                .filter(h -> !h.getKey().equalsIgnoreCase("Content-Type") && !h.getKey().equalsIgnoreCase("Content-Length"))
                .collect(Collectors.toMap(Map.Entry::getKey, h -> String.join(", ", h.getValue())));
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at " + request.path();
            case 405 -> request.method() + " is not allowed on " + request.path();
            case 406 -> "None of the media types in Accept can be produced";
            case 413 -> "The request body is larger than the limit";
            case 415 -> "Content-Type " + (request.getHeader("Content-Type") == null ? "(none)"
                    : request.getHeader("Content-Type")) + " is not supported here";
            default -> title;
        };
        if (status >= 500) {
            LOG.error("Request failed with " + status, e);
        }
        String type = title.toLowerCase().replace(' ', '-');
        return render(new ProblemException(status, type, title, detail, null, headers), request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        var known = DatabaseFailure.translate(e);
        if (known.isPresent()) {
            if (known.get().status() >= 500) {
                LOG.warnf("Database unavailable for %s %s: %s", request.method(), request.path(), rootMessage(e));
            }
            return render(known.get(), request);
        }
        LOG.errorf(e, "Unexpected failure on %s %s", request.method(), request.path());
        return render(new ProblemException(500, "internal-error", "Internal server error",
                "The request could not be completed; it has been logged", null, null), request);
    }

    private Response render(ProblemException e, HttpServerRequest request) {
        Problem problem = e.toProblem(request.path());
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE);
        e.headers().forEach(response::header);
        try {
            return response.entity(json.writeValueAsBytes(problem)).build();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String field(ConstraintViolation<?> violation) {
        // The property path is in Java names (assignedAgents[0]); callers know the JSON names.
        String path = violation.getPropertyPath().toString();
        return snake(path.replace(".<list element>", "").replace("<list element>", ""));
    }

    static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
