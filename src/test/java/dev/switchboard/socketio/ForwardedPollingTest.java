package dev.switchboard.socketio;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-rolled Engine.IO polling client whose session lives on node A and whose requests land on
 * either node, as behind a load balancer without sticky sessions.
 */
@DisplayName("Socket.IO polling without sticky sessions")
class ForwardedPollingTest extends TwoNodeClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";
  private static final String RANDOM_PART = "AAAAAAAAAAAAAAAAAAAA";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

  @ParameterizedTest(name = "at {0}")
  @ValueSource(strings = {"/socket.io/", "/api/socket_io/"})
  @DisplayName("a session opened on node A connects and gets its acks with polls and posts alternating between the nodes")
  void alternatingNodes(String path) throws Exception {
    String sid = handshake(A, path);
    String auth = new JsonObject().put("token", cluster.token("61", Role.CUSTOMER)).encode();

    assertEquals(new Reply(200, "ok"), post(B, path, sid, "40" + auth));
    assertTrue(poll(B, path, sid).body().startsWith("40{\"sid\":"), "the CONNECT reply, through node B");

    assertEquals(new Reply(200, "ok"), post(A, path, sid, "421[\"notifications:get-unread-count\",{}]"));
    assertAnswered(poll(B, path, sid), "431[");

    assertEquals(new Reply(200, "ok"), post(B, path, sid, "422[\"notifications:get-unread-count\",{}]"));
    assertAnswered(poll(A, path, sid), "432[");
  }

  @Test
  @DisplayName("a sid whose tag names no live server is unknown")
  void deadTag() throws Exception {
    assertEquals(new Reply(400, UNKNOWN_SID), poll(A, "/socket.io/", "zzzzzzzz" + RANDOM_PART));
  }

  @Test
  @DisplayName("a sid the owner does not know is unknown, though forwarded")
  void unknownToOwner() throws Exception {
    String tagOfA = handshake(A, "/socket.io/").substring(0, SessionIds.TAG_LENGTH);
    assertEquals(new Reply(400, UNKNOWN_SID), poll(B, "/socket.io/", tagOfA + RANDOM_PART));
  }

  @Test
  @DisplayName("a WebSocket upgrade that reaches the wrong node is refused, and the session polls on")
  void upgradeNotForwarded() throws Exception {
    String sid = handshake(A, "/socket.io/");
    var upgrade = http.newWebSocketBuilder().connectTimeout(WAIT)
      .buildAsync(URI.create("ws://127.0.0.1:" + cluster.port(B) + "/socket.io/?EIO=4&transport=websocket&sid=" + sid),
        new WebSocket.Listener() { });
    var failure = assertThrows(CompletionException.class, () -> upgrade.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
    assertEquals(400, assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode());
    assertEquals(new Reply(200, "ok"), post(B, "/socket.io/", sid, "1"));
  }

  private static void assertAnswered(Reply poll, String ackPrefix) {
    assertEquals(200, poll.status());
    assertTrue(poll.body().startsWith(ackPrefix), poll.body());
    assertFalse(poll.body().contains("\"error\""), poll.body());
  }

  private String handshake(int node, String path) throws Exception {
    Reply open = send(node, HttpRequest.newBuilder(uri(node, path, null)).GET());
    assertEquals(200, open.status());
    return new JsonObject(open.body().substring(1)).getString("sid");
  }

  private Reply poll(int node, String path, String sid) throws Exception {
    return send(node, HttpRequest.newBuilder(uri(node, path, sid)).GET());
  }

  private Reply post(int node, String path, String sid, String payload) throws Exception {
    return send(node, HttpRequest.newBuilder(uri(node, path, sid)).POST(HttpRequest.BodyPublishers.ofString(payload)));
  }

  private Reply send(int node, HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  private URI uri(int node, String path, String sid) {
    return URI.create("http://127.0.0.1:" + cluster.port(node) + path + "?EIO=4&transport=polling"
      + (sid == null ? "" : "&sid=" + sid));
  }

  private record Reply(int status, String body) {
  }
}
