package dev.switchboard.http;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.ApiContract;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * docs/openapi.yaml is the REST contract: it describes what the router serves, no more and no
 * less, the node serves it, and the responses the tests get are held to it ({@link ApiContract},
 * through {@link Rest}), which this class shows can fail.
 */
@DisplayName("The OpenAPI document")
class OpenApiTest extends TwoNodeClusterTest {
  private static final Map<String, String> JSON = Map.of("content-type", "application/json");

  @Test
  @DisplayName("describes every operation a running node's router serves, and only those")
  void describesWhatIsServed() {
    Set<String> described = new TreeSet<>();
    ApiContract.contract().getPaths().forEach(path -> path.getOperations()
      .forEach(operation -> described.add(operation.getHttpMethod() + " " + path.getName())));
    Set<String> served = served();
    assertAll(
      () -> assertEquals(Set.of(), minus(served, described), "served, but not in docs/openapi.yaml"),
      () -> assertEquals(Set.of(), minus(described, served), "in docs/openapi.yaml, but not served"));
  }

  private static Set<String> minus(Set<String> these, Set<String> those) {
    Set<String> left = new TreeSet<>(these);
    left.removeAll(those);
    return left;
  }

  /**
   * The router's operations: its routes with methods and a path, written as the document writes
   * them ({@code :id} is {@code {id}}, and a wildcard's files are {@code {file}}). The others are no operations: the routes without methods
   * are the steps every request passes (CORS, authentication, body limits, the 404) and the socket
   * transports' mounts, and those with a regex are the plain WebSocket endpoints (protocol.md, section 11).
   */
  private Set<String> served() {
    Set<String> served = new TreeSet<>();
    for (Route route : cluster.node(A).routes()) {
      if (route.methods() != null && route.getPath() != null) {
        // a route for the files below a path ({@code /console/*}) is the document's {file} under it
        String path = route.getPath().replaceAll(":(\\w+)", "{$1}") + (route.isExactPath() ? "" : "{file}");
        route.methods().forEach(method -> served.add(method.name() + " " + path));
      }
    }
    return served;
  }

  @Test
  @DisplayName("is served at /openapi.yaml without a token, as application/yaml, byte for byte the file in docs/")
  void servedByTheNode() throws IOException {
    var served = Rest.get(cluster.port(B), "/openapi.yaml", null);
    assertEquals(200, served.status());
    assertEquals("application/yaml", served.header("Content-Type"));
    assertEquals(Files.readString(Path.of(ApiContract.DOCUMENT)), served.text());
  }

  @Test
  @DisplayName("refuses a room answered without a field it requires, where the room as answered passes")
  void refusesABodyMissingAField() {
    JsonObject room = createRoom();
    ApiContract.check("POST", "/rooms", 201, JSON, "application/json", room.encode());

    room.remove("lastSeq");
    assertThrows(AssertionError.class, () -> ApiContract.check("POST", "/rooms", 201, JSON, "application/json", room.encode()));
  }

  @Test
  @DisplayName("refuses a status the operation does not have, a refusal with another status's code, and a 503 without retry-after")
  void refusesWrongStatusesAndHeaders() {
    String room = createRoom().encode();
    assertThrows(AssertionError.class, () -> ApiContract.check("POST", "/rooms", 200, JSON, "application/json", room));

    String roomNotFound = error("ROOM_NOT_FOUND");
    ApiContract.check("GET", "/rooms/x/messages", 404, JSON, "application/json", roomNotFound);
    assertThrows(AssertionError.class, () -> ApiContract.check("GET", "/tickets/x", 404, JSON, "application/json", roomNotFound));

    String unavailable = error("STORE_UNAVAILABLE");
    ApiContract.check("GET", "/tickets/x", 503, Map.of("content-type", "application/json", "retry-after", "5"),
      "application/json", unavailable);
    assertThrows(AssertionError.class, () -> ApiContract.check("GET", "/tickets/x", 503, JSON, "application/json", unavailable));
  }

  /** A room as the node answered its creation (the answer checked by {@link Rest} on the way). */
  private JsonObject createRoom() {
    var created = Rest.post(cluster.port(A), "/rooms", cluster.token(TestCluster.fresh("agent"), Role.AGENT),
      new JsonObject().put("name", "contract").put("members", new JsonArray()).encode());
    assertEquals(201, created.status(), created.text());
    return created.body();
  }

  private static String error(String code) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", "a refusal")).encode();
  }
}
