package dev.switchboard.http;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's pages come from the jar; its one-click sign-in exists only on a node that verifies
 * tokens with the development secret, which is public: there it mints what the {@code token}
 * command would, and refuses a bad request with a code.
 */
@DisplayName("The console's pages and its development sign-in")
class ConsoleSignInTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> fetch(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    }
  }

  @Test
  @DisplayName("the configuration the README's run command reads verifies with the development secret, so its console offers the sign-in")
  void shippedConfiguration() throws Exception {
    JsonObject file = new JsonObject(Files.readString(Path.of(ConfigKeys.CONFIG_FILE)));
    assertTrue(GatewayConfig.from(file).jwt().development());
    assertFalse(GatewayConfig.from(file.copy().put(ConfigKeys.JWT_SECRET, "another-secret-0123456789-0123456789")).jwt().development());
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("on a node that verifies with the development secret")
  class Development {
    private TestCluster cluster;
    private int port;

    @BeforeAll
    void start() {
      cluster = TestCluster.start(1, new JsonObject().put(ConfigKeys.JWT_SECRET, JwtSettings.DEVELOPMENT_SECRET));
      port = cluster.port(0);
    }

    @AfterAll
    void stop() {
      cluster.close();
    }

    @Test
    @DisplayName("serves the pages and the stock npm clients from the jar, and a missing file is NOT_FOUND")
    void pages() {
      var inbox = fetch(port, "/console/");
      assertEquals(200, inbox.statusCode());
      assertTrue(inbox.body().contains("<title>Switchboard inbox</title>"), inbox.body());
      var bare = fetch(port, "/console?token=t");
      assertEquals(302, bare.statusCode());
      assertEquals("/console/?token=t", bare.headers().firstValue("location").orElse(null), "the query stays with the page");
      assertTrue(fetch(port, "/console/vendor/vertx-eventbus.js").body().contains("EventBus.prototype.registerHandler"));
      assertTrue(fetch(port, "/console/vendor/sockjs.min.js").body().contains("SockJS"));
      assertTrue(fetch(port, "/console/widget.js").headers().firstValue("content-type").orElse("").contains("javascript"));
      var missing = Rest.get(port, "/console/nothing-here.js", null);
      assertEquals(404, missing.status());
      assertEquals("NOT_FOUND", missing.errorCode());
    }

    @Test
    @DisplayName("mints a token for the user and role asked, which the gateway then takes as theirs")
    void mints() {
      assertEquals(true, Rest.get(port, "/console/dev-token", null).body().getBoolean("development"));
      var admin = Rest.post(port, "/console/dev-token", null,
        new JsonObject().put("sub", "dev-7").put("role", "admin").put("name", "آنا").encode());
      assertEquals(200, admin.status(), admin.body().encode());
      assertEquals(200, Rest.get(port, "/stats", admin.body().getString("token")).status(), "an admin reads the stats");
      String agent = Rest.post(port, "/console/dev-token", null, new JsonObject().put("sub", "dev-8").put("role", "agent")
        .put("depts", new JsonArray().add("billing")).encode()).body().getString("token");
      var refused = Rest.get(port, "/stats", agent);
      assertEquals(403, refused.status(), "an agent does not");
      assertEquals("ACCESS_DENIED", refused.errorCode());
    }

    static Stream<Arguments> badRequests() {
      return Stream.of(
        Arguments.of("no body", "", 400, "INVALID_DATA"),
        Arguments.of("not JSON", "sub=7&role=agent", 400, "INVALID_DATA"),
        Arguments.of("no user id", "{\"role\":\"agent\"}", 400, "INVALID_DATA"),
        Arguments.of("a user id that is not an id", "{\"sub\":\"a b\",\"role\":\"agent\"}", 400, "INVALID_DATA"),
        Arguments.of("no role", "{\"sub\":\"7\"}", 400, "INVALID_DATA"),
        Arguments.of("a service, which is no person", "{\"sub\":\"7\",\"role\":\"service\"}", 400, "INVALID_DATA"),
        Arguments.of("an unknown field", "{\"sub\":\"7\",\"role\":\"agent\",\"exp\":1}", 400, "INVALID_DATA"),
        Arguments.of("a blank name", "{\"sub\":\"7\",\"role\":\"agent\",\"name\":\" \"}", 400, "INVALID_DATA"),
        Arguments.of("a name over 200 bytes", "{\"sub\":\"7\",\"role\":\"agent\",\"name\":\"" + "n".repeat(201) + "\"}", 413,
          "PAYLOAD_TOO_LARGE"),
        Arguments.of("departments that are not a list", "{\"sub\":\"7\",\"role\":\"agent\",\"depts\":\"billing\"}", 400,
          "INVALID_DATA"),
        Arguments.of("a body over 4 KiB", "{\"sub\":\"7\",\"role\":\"agent\",\"pad\":\"" + "p".repeat(5000) + "\"}", 413,
          "PAYLOAD_TOO_LARGE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    @DisplayName("refuses a bad request with its code, and mints nothing")
    void refuses(String what, String body, int status, String code) {
      var answer = Rest.post(port, "/console/dev-token", null, body);
      assertEquals(status, answer.status(), answer.body().encode());
      assertEquals(code, answer.errorCode());
      assertFalse(answer.body().containsKey("token"));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("on a node that verifies with another secret")
  class Production {
    private TestCluster cluster;

    @BeforeAll
    void start() {
      cluster = TestCluster.start(1);
    }

    @AfterAll
    void stop() {
      cluster.close();
    }

    @Test
    @DisplayName("offers no development sign-in, whose paths are NOT_FOUND like any other, and still serves the pages")
    void noSignIn() {
      int port = cluster.port(0);
      for (var answer : new Rest.Response[]{Rest.get(port, "/console/dev-token", null),
        Rest.post(port, "/console/dev-token", null, "{\"sub\":\"7\",\"role\":\"admin\"}")}) {
        assertEquals(404, answer.status());
        assertEquals("NOT_FOUND", answer.errorCode());
      }
      assertEquals(200, fetch(port, "/console/admin.html").statusCode());
    }
  }
}
