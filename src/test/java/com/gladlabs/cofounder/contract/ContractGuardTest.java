package com.gladlabs.cofounder.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;

import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The guard itself can fail: exchanges that differ from the served document in one way each are
 * refused, while the real exchange they are made from passes.
 */
@QuarkusTest
class ContractGuardTest {

    @TestHTTPResource("/")
    URL base;

    private Response created() {
        return given().contentType(ContentType.JSON).body("{\"title\":\"guarded\",\"tags\":[\"a\"]}").post("/api/tasks")
                .then().statusCode(201).extract().response();
    }

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    private SimpleResponse.Builder like(Response response, String body) {
        return SimpleResponse.Builder.status(response.statusCode()).withContentType("application/json")
                .withHeader("X-Request-Id", response.header("X-Request-Id"))
                .withHeader("ETag", response.header("ETag")).withBody(body);
    }

    @Test
    void everyRestAssuredCallGoesThroughTheGuard() {
        assertThat(RestAssured.filters()).anyMatch(ContractGuard.class::isInstance);
        created();
        assertThat(ContractGuard.documentsRead()).isNotEmpty();
    }

    @Test
    void theRealAnswerPassesAndEachDifferenceFails() {
        Response task = created();
        String id = task.path("id");
        String path = "/api/tasks/" + id;
        Response read = given().get(path).then().statusCode(200).extract().response();
        String body = read.asString();
        SimpleRequest get = SimpleRequest.Builder.get(path).build();

        ContractGuard.check(uri(path), get, like(read, body).build());

        // A property the document does not name.
        assertThatThrownBy(() -> ContractGuard.check(uri(path), get,
                like(read, body.replaceFirst("\\{", "{\"secret\":1,")).build()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("secret");
        // null where the document says never null.
        assertThatThrownBy(() -> ContractGuard.check(uri(path), get,
                like(read, body.replace("\"title\":\"guarded\"", "\"title\":null")).build()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("title");
        // A documented property left out.
        assertThatThrownBy(() -> ContractGuard.check(uri(path), get,
                like(read, body.replaceFirst("\"description\":null,", "")).build()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("description");
        // An undocumented status.
        assertThatThrownBy(() -> ContractGuard.check(uri(path), get,
                SimpleResponse.Builder.status(418).withHeader("X-Request-Id", "x").build()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("418");
        // A required header missing.
        assertThatThrownBy(() -> ContractGuard.check(uri(path), get,
                SimpleResponse.Builder.status(200).withContentType("application/json").withHeader("ETag", "\"0\"")
                        .withBody(body).build()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("X-Request-Id");
    }

    @Test
    void anAcceptedRequestMustBeOneTheDocumentAllows() {
        Response task = created();
        String body = task.asString();
        SimpleRequest documented = SimpleRequest.Builder.post("/api/tasks").withContentType("application/json")
                .withBody("{\"title\":\"guarded\",\"tags\":[\"a\"]}").build();
        SimpleRequest undocumented = SimpleRequest.Builder.post("/api/tasks").withContentType("application/json")
                .withBody("{\"title\":\"guarded\",\"colour\":\"red\"}").build();
        SimpleResponse answer = SimpleResponse.Builder.status(201).withContentType("application/json")
                .withHeader("X-Request-Id", task.header("X-Request-Id")).withHeader("ETag", task.header("ETag"))
                .withHeader("Location", task.header("Location")).withBody(body).build();

        ContractGuard.check(uri("/api/tasks"), documented, answer);
        assertThatThrownBy(() -> ContractGuard.check(uri("/api/tasks"), undocumented, answer))
                .isInstanceOf(AssertionError.class).hasMessageContaining("colour");
    }
}
