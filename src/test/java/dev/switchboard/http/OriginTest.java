package dev.switchboard.http;

import dev.switchboard.auth.Role;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TcpWebSocket;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auth cookie rides along with any page's request, so the {@code Origin} decides: a cookie is
 * taken only from an allowed origin (or a request with none, which no cross-site page can make),
 * and only allowed origins may read answers with credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Origins")
class OriginTest {
  private static final String APP = "https://app.example";
  private static final String EVIL = "https://evil.example";

  private TestCluster cluster;
  private String cookie;
  private String token;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(1, new JsonObject().put(ConfigKeys.CORS_ORIGINS, APP));
    token = cluster.token("origin-user", Role.AGENT);
    cookie = "switchboard_token=" + token;
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private int upgrade(String uri, String... headers) {
    try (var socket = TcpWebSocket.connect(cluster.port(0), uri, 0, headers)) {
      return socket.status();
    }
  }

  private static String sockJsWebSocket() {
    return "/eventbus/123/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket";
  }

  @Test
  @DisplayName("a WebSocket upgrade that authenticates by cookie from an origin not allowed (or the opaque 'null') is refused with 403, on the raw endpoint and SockJS's transport")
  void cookieUpgradeFromAnotherSite() {
    for (String uri : new String[]{"/eventbus/websocket", sockJsWebSocket()}) {
      assertEquals(403, upgrade(uri, "Cookie", cookie, "Origin", EVIL), uri);
      assertEquals(403, upgrade(uri, "Cookie", cookie, "Origin", "null"), uri);
      assertEquals(101, upgrade(uri, "Cookie", cookie, "Origin", APP), uri);
      assertEquals(101, upgrade(uri, "Cookie", cookie), uri + " without an Origin: not a page's request");
    }
  }

  @Test
  @DisplayName("a token in the URL or the Authorization header is accepted from any origin: no other site can make a browser send it")
  void tokenFromAnotherSite() {
    assertEquals(101, upgrade("/eventbus/websocket?token=" + token, "Origin", EVIL));
    assertEquals(101, upgrade(sockJsWebSocket(), "Authorization", "Bearer " + token, "Origin", EVIL));
  }

  @Test
  @DisplayName("a SockJS XHR request that authenticates by cookie from an origin not allowed is refused with 403 ACCESS_DENIED")
  void cookieXhrFromAnotherSite() throws Exception {
    String url = "http://127.0.0.1:" + cluster.port(0) + "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/xhr";
    var refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())
      .header("Cookie", cookie).header("Origin", EVIL).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, refused.statusCode());
    assertEquals("ACCESS_DENIED", new JsonObject(refused.body()).getJsonObject("error").getString("code"));
  }

  /** The answer to a Socket.IO CONNECT that carries no token, only the cookie, from {@code origin}. */
  private String socketIoCookieConnect(String origin) {
    try (var socket = TcpWebSocket.connect(cluster.port(0), "/socket.io/?EIO=4&transport=websocket", 0,
      "Cookie", cookie, "Origin", origin)) {
      assertTrue(socket.nextText().startsWith("0{"));
      socket.sendText("40");
      return socket.nextText();
    }
  }

  @Test
  @DisplayName("Socket.IO refuses a CONNECT that authenticates by cookie from an origin not allowed with ACCESS_DENIED, and accepts it from an allowed one")
  void cookieSocketIoFromAnotherSite() {
    String refusal = socketIoCookieConnect(EVIL);
    assertTrue(refusal.startsWith("44{\"message\":\"ACCESS_DENIED: "), refusal);
    String connected = socketIoCookieConnect(APP);
    assertTrue(connected.startsWith("40{\"sid\""), connected);
  }

  @Test
  @DisplayName("/eventbus/info gives CORS with credentials to an allowed origin only; another origin gets no CORS headers")
  void sockJsInfo() {
    var allowed = Rest.getWithHeaders(cluster.port(0), "/eventbus/info?token=" + token, "Origin", APP);
    assertEquals(200, allowed.status());
    assertEquals(APP, allowed.header("Access-Control-Allow-Origin"));
    assertEquals("true", allowed.header("Access-Control-Allow-Credentials"));
    var other = Rest.getWithHeaders(cluster.port(0), "/eventbus/info?token=" + token, "Origin", EVIL);
    assertEquals(200, other.status());
    assertNull(other.header("Access-Control-Allow-Origin"));
    assertNull(other.header("Access-Control-Allow-Credentials"));
  }

  @Test
  @DisplayName("a REST preflight is answered 204 without a token: an allowed origin gets CORS with credentials, another gets no CORS headers")
  void restPreflight() {
    var allowed = Rest.request("OPTIONS", cluster.port(0), "/rooms", null, null,
      "Origin", APP, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type");
    assertEquals(204, allowed.status());
    assertEquals(APP, allowed.header("Access-Control-Allow-Origin"));
    assertEquals("true", allowed.header("Access-Control-Allow-Credentials"));
    assertEquals("Authorization, Content-Type", allowed.header("Access-Control-Allow-Headers"));
    assertEquals("GET,POST,PATCH,DELETE", allowed.header("Access-Control-Allow-Methods"));
    var other = Rest.request("OPTIONS", cluster.port(0), "/rooms", null, null,
      "Origin", EVIL, "Access-Control-Request-Method", "POST");
    assertEquals(204, other.status());
    assertTrue(other.headers().map().keySet().stream().noneMatch(name -> name.toLowerCase().startsWith("access-control-")),
      other.headers().map().toString());
  }

  @Test
  @DisplayName("REST answers carry CORS for an allowed origin, refusals included, and none for another origin")
  void restAnswers() {
    var answered = Rest.request("GET", cluster.port(0), "/agents/status", token, null, "Origin", APP);
    assertEquals(200, answered.status());
    assertEquals(APP, answered.header("Access-Control-Allow-Origin"));
    var refused = Rest.request("GET", cluster.port(0), "/agents/status", null, null, "Origin", APP);
    assertEquals(401, refused.status());
    assertEquals(APP, refused.header("Access-Control-Allow-Origin"), "a page may read why it was refused");
    var other = Rest.request("GET", cluster.port(0), "/agents/status", token, null, "Origin", EVIL);
    assertEquals(200, other.status());
    assertNull(other.header("Access-Control-Allow-Origin"));
  }
}
