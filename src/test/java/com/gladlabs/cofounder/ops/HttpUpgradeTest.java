package com.gladlabs.cofounder.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A plain-text request asking to upgrade to HTTP/2 ({@code Upgrade: h2c}) is answered in HTTP/1.1.
 * The JDK's HTTP client asks for that upgrade by default, and curl does with {@code --http2}; both
 * misread the HTTP/2 frames of a large response when they arrive in the same read as the
 * {@code 101 Switching Protocols} (measured: bench/README, "2026-12-06, 06:25–06:50Z"), so the
 * service does not switch ({@code quarkus.http.http2=false}).
 */
@QuarkusTest
class HttpUpgradeTest {

    /** SETTINGS_MAX_CONCURRENT_STREAMS 100 and SETTINGS_INITIAL_WINDOW_SIZE 65,535, base64url as RFC 9113 asks. */
    private static final String SETTINGS = "AAMAAABkAAQAAP__";

    @TestHTTPResource("/")
    URL base;

    @Test
    void anUpgradeRequestIsAnsweredInHttp11NotSwitched() throws Exception {
        String head;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /q/openapi?format=json HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: " + SETTINGS
                    + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            head = readHead(socket.getInputStream());
        }
        assertThat(head).startsWith("HTTP/1.1 200 ");
        assertThat(head.toLowerCase()).doesNotContain("upgrade:").contains("content-type: application/json");
    }

    @Test
    void theJdkClientWithItsDefaultsGetsTheWholeAnswerOverHttp11() throws Exception {
        HttpClient client = HttpClient.newHttpClient(); // prefers HTTP/2: asks http:// servers to upgrade
        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2);
        URI document = base.toURI().resolve("/q/openapi?format=json");
        HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(document).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        byte[] plain = given().get("/q/openapi?format=json").then().statusCode(200).extract().asByteArray();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(answer.body())).isEqualTo(json.readTree(plain));
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
