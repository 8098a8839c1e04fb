package dev.switchboard.interop;

import dev.switchboard.auth.Role;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.Jwts;
import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each Socket.IO seed's documented client code, run as written (URL and token aside) with
 * socket.io-client 4.8.1 against a two-node cluster configured with that seed's profile, over
 * WebSocket and over polling then upgrade.
 */
@DisplayName("The seeds' Socket.IO clients, unchanged")
class SeedClientsInteropTest {

  /** A two-node cluster with one seed's configuration, for the tests of one nested class. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class SeedCluster {
    TestCluster cluster;

    abstract JsonObject configuration();

    @BeforeAll
    void start() {
      cluster = TestCluster.start(2, configuration());
    }

    @AfterAll
    void stop() {
      cluster.close();
    }

    String url(int node) {
      return "http://127.0.0.1:" + cluster.port(node);
    }

    /** A ticket of {@code customer} (a token) in {@code department}. */
    String ticket(String customer, String department) {
      var created = Rest.post(cluster.port(0), "/tickets", customer,
        new JsonObject().put("subject", "seed " + UUID.randomUUID()).put("departmentId", department).encode());
      assertEquals(201, created.status(), created.body().encode());
      return created.body().getString("id");
    }
  }

  @Nested
  @DisplayName("seed 002, a ticket desk (profile tickets)")
  class Seed002 extends SeedCluster {
    @Override
    JsonObject configuration() {
      return new JsonObject().put(ConfigKeys.SOCKETIO_ENDPOINTS, "/socket.io|/=tickets");
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling,websocket"})
    @DisplayName("joins a ticket, chats both ways, types, changes its status and sees who comes and goes")
    void documentedClient(String transports) throws Exception {
      String user = cluster.token("u-" + UUID.randomUUID(), Role.CUSTOMER);
      String dept = "d-" + UUID.randomUUID().toString().substring(0, 8);
      String agentId = "a-" + UUID.randomUUID();
      NodeScript.run("seed002-interop.js", Map.of("URL_A", url(0), "URL_B", url(1), "TRANSPORTS", transports,
        "TICKET", ticket(user, dept), "TOKEN_USER", user, "NAME_USER", nameOf(user),
        "TOKEN_AGENT", cluster.token(agentId, Role.AGENT, dept), "NAME_AGENT", "User " + agentId), 9);
    }

    private String nameOf(String token) {
      return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]))).getString("name");
    }
  }

  @Nested
  @DisplayName("seed 003, Servana (profile servana, a Supabase-style token)")
  class Seed003 extends SeedCluster {
    @Override
    JsonObject configuration() {
      return new JsonObject().put(ConfigKeys.SOCKETIO_ENDPOINTS, "/socket.io|/=servana")
        .put(ConfigKeys.JWT_ROLE_CLAIM, "app_metadata.role").put(ConfigKeys.JWT_DEPTS_CLAIM, "app_metadata.depts")
        .put(ConfigKeys.JWT_ROLE_MAP, "client=customer");
    }

    /** A token as Supabase writes it: role "authenticated", the application's role and departments in app_metadata. */
    private String supabase(String sub, String name, String role, String... depts) {
      return Jwts.hs256(new JsonObject().put("sub", sub).put("name", name).put("role", "authenticated")
        .put("app_metadata", new JsonObject().put("role", role).put("depts", new JsonArray(java.util.List.of((Object[]) depts))))
        .put("iss", "switchboard").put("aud", "switchboard").put("exp", System.currentTimeMillis() / 1000 + 3600), TestCluster.SECRET);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling,websocket"})
    @DisplayName("web (cookie) and mobile (Bearer) clients: status, online list, chat groups, typing, department broadcast, room stats")
    void documentedClients(String transports) throws Exception {
      String dept = "d-" + UUID.randomUUID().toString().substring(0, 8);
      String agentId = "a-" + UUID.randomUUID();
      String clientId = "c-" + UUID.randomUUID();
      String client = supabase(clientId, "Reza Ahmadi", "client");
      NodeScript.run("seed003-interop.js", Map.ofEntries(Map.entry("URL_A", url(0)), Map.entry("URL_B", url(1)),
        Map.entry("REST_A", url(0)), Map.entry("TRANSPORTS", transports), Map.entry("TICKET", ticket(client, dept)),
        Map.entry("DEPT", dept), Map.entry("COOKIE", "switchboard_token=" + supabase(agentId, "Sara Karimi", "agent", dept)),
        Map.entry("TOKEN_CLIENT", client), Map.entry("TOKEN_ADMIN", supabase("admin-" + clientId, "Root Admin", "admin")),
        Map.entry("TOKEN_SERVICE", supabase("svc-" + clientId, "Backend", "service")),
        Map.entry("USER_AGENT", agentId), Map.entry("USER_CLIENT", clientId), Map.entry("FIRST_NAME", "Sara")), 17);
    }
  }

  @Nested
  @DisplayName("seed 004, NestJS namespaces (profiles notifications and support)")
  class Seed004 extends SeedCluster {
    @Override
    JsonObject configuration() {
      return new JsonObject().put(ConfigKeys.SOCKETIO_ENDPOINTS,
        "/socket.io|/notifications=notifications,/socket.io|/support=support");
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling,websocket"})
    @DisplayName("notifications with counts and marks; a ticket's messages without internal notes; the backend API over REST")
    void documentedClient(String transports) throws Exception {
      String userId = "u-" + UUID.randomUUID();
      String user = cluster.token(userId, Role.CUSTOMER);
      String dept = "d-" + UUID.randomUUID().toString().substring(0, 8);
      NodeScript.run("seed004-interop.js", Map.of("URL_A", url(0), "URL_B", url(1), "REST_A", url(0),
        "TRANSPORTS", transports, "TOKEN_USER", user, "USER", userId, "TICKET", ticket(user, dept),
        "TOKEN_AGENT", cluster.token("a-" + userId, Role.AGENT, dept), "TOKEN_SERVICE", cluster.token("svc-" + userId, Role.SERVICE)), 17);
    }
  }
}
