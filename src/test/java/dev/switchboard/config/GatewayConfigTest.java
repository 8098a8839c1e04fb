package dev.switchboard.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Gateway configuration")
class GatewayConfigTest {

  @Test
  @DisplayName("numbers may come as strings, as environment variables do, and lists are comma separated")
  void environmentStyleValues() {
    GatewayConfig config = GatewayConfig.from(new JsonObject()
      .put(ConfigKeys.HTTP_PORT, "9090")
      .put(ConfigKeys.CLUSTER_MEMBERS, " 10.0.0.1:5701 , 10.0.0.2 ,"));
    assertEquals(9090, config.httpPort());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), config.cluster().members());
    assertTrue(GatewayConfig.from(new JsonObject().put(ConfigKeys.WS_DEFLATE, " TRUE ")).websocketDeflate());
  }

  @Test
  @DisplayName("without a Mongo URI the embedded store is used")
  void defaults() {
    GatewayConfig config = GatewayConfig.from(new JsonObject());
    assertTrue(config.embeddedMongo());
    assertEquals(8080, config.httpPort());
    assertEquals(8192, config.maxBodyBytes());
    assertFalse(config.websocketDeflate());
    assertEquals("mongodb://x", config.withMongoUri("mongodb://x").mongoUri());
  }

  @Test
  @DisplayName("Socket.IO endpoints come as PATH|NAMESPACE=PROFILE in the environment, or as a JSON array in the file")
  void socketIoEndpoints() {
    var fromEnvironment = GatewayConfig.from(new JsonObject().put(ConfigKeys.SOCKETIO_ENDPOINTS,
      "/socket.io|/notifications=notifications, /socket.io|/support=support")).socketIo().endpoints();
    assertEquals(List.of(new GatewayConfig.SocketIoEndpoint("/socket.io", "/notifications", "notifications"),
      new GatewayConfig.SocketIoEndpoint("/socket.io", "/support", "support")), fromEnvironment);
    var fromFile = GatewayConfig.from(new JsonObject().put(ConfigKeys.SOCKETIO_ENDPOINTS, new io.vertx.core.json.JsonArray()
      .add(new JsonObject().put("path", "/api/socket_io/").put("profile", "chat")))).socketIo().endpoints();
    assertEquals(List.of(new GatewayConfig.SocketIoEndpoint("/api/socket_io", "/", "chat")), fromFile);
    assertEquals(2, GatewayConfig.from(new JsonObject()).socketIo().endpoints().size(), "the defaults: seed 000's path and /socket.io");
    for (String bad : List.of("/socket.io=chat", "socket.io|/=chat", "/socket.io|/=")) {
      var e = assertThrows(IllegalArgumentException.class,
        () -> GatewayConfig.from(new JsonObject().put(ConfigKeys.SOCKETIO_ENDPOINTS, bad)));
      assertTrue(e.getMessage().startsWith(ConfigKeys.SOCKETIO_ENDPOINTS) && e.getMessage().contains(bad), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "SWITCHBOARD_HTTP_PORT | eighty | SWITCHBOARD_HTTP_PORT must be a whole number, got 'eighty'",
    "SWITCHBOARD_WS_DEFLATE | yes | SWITCHBOARD_WS_DEFLATE must be true or false, got 'yes'",
    "SWITCHBOARD_JWT_ROLE_MAP | authenticated=root | SWITCHBOARD_JWT_ROLE_MAP entries must be NAME=ROLE with ROLE one of customer, agent, admin, service, got 'authenticated=root'"})
  @DisplayName("a malformed number, or a switch that is neither true nor false, names its key")
  void malformedValue(String key, String value, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.from(new JsonObject().put(key, value)));
    assertEquals(message, e.getMessage());
  }

  @Test
  @DisplayName("event loops: one per CPU core unless set, a number as given, and below 0 refused with the key")
  void eventLoops() {
    assertEquals(Runtime.getRuntime().availableProcessors(), GatewayConfig.from(new JsonObject()).eventLoops());
    assertEquals(Runtime.getRuntime().availableProcessors(),
      GatewayConfig.from(new JsonObject().put(ConfigKeys.EVENT_LOOPS, "0")).eventLoops());
    assertEquals(3, GatewayConfig.from(new JsonObject().put(ConfigKeys.EVENT_LOOPS, "3")).eventLoops());
    var refusal = assertThrows(IllegalArgumentException.class,
      () -> GatewayConfig.from(new JsonObject().put(ConfigKeys.EVENT_LOOPS, "-2")));
    assertEquals("SWITCHBOARD_EVENT_LOOPS must be at least 0, got -2", refusal.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"SWITCHBOARD_HTTP_PORT,70000", "SWITCHBOARD_CLUSTER_PORT,-1", "SWITCHBOARD_EMBEDDED_MONGO_PORT,65536",
    "SWITCHBOARD_EVENTBUS_PORT,99999"})
  @DisplayName("a port out of range is refused with its key")
  void portRange(String key, String value) {
    var refusal = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.from(new JsonObject().put(key, value)));
    assertEquals(key + " must be a port from 0 to 65535, got " + value, refusal.getMessage());
  }
}
