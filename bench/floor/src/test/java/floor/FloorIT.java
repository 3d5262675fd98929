package floor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Trains the AOT cache (bench/startup.sh) with what the floor serves, and checks that it serves it. */
@QuarkusIntegrationTest
class FloorIT {

    @Test
    void readyThenCreateAndRead() {
        given().get("/q/health/ready").then().statusCode(200);
        for (int i = 0; i < 50; i++) {
            String id = given().contentType("application/json").body("{\"title\":\"t" + i + "\",\"priority\":" + i + "}")
                    .post("/items").then().statusCode(201).extract().path("id");
            given().get("/items/" + id).then().statusCode(200).body("title", equalTo("t" + i));
        }
        given().get("/items/00000000-0000-0000-0000-000000000000").then().statusCode(404);
    }
}
