package dev.switchboard.examples;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runnable examples under {@code examples/}, as a user runs them, against a real node: the
 * stock bridge client, socket.io-client and the curl walk-through; and the TypeScript check of
 * the examples against {@code types/}. The build installs their npm packages from
 * {@code examples/package-lock.json}.
 */
@DisplayName("The examples")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesTest {
  private static final File EXAMPLES = new File("examples");
  private static final Pattern STORED = Pattern.compile("stored message (\\S+) as seq (\\d+), from (.+) \\((\\S+)\\) at \\S+");

  private TestCluster cluster;
  private String agent;

  @BeforeAll
  void startNode() {
    cluster = TestCluster.start(1);
    agent = cluster.token("a1", Role.AGENT, "3");
  }

  @AfterAll
  void stopNode() {
    cluster.close();
  }

  @Test
  @DisplayName("type-check against types/ (the bridge client's requests, replies and events) and socket.io-client's own types, and types/ checks on its own")
  void typeCheck() throws Exception {
    for (String project : List.of(".", "../types")) {
      String output = NodeScript.exec(EXAMPLES, List.of("node", "node_modules/typescript/bin/tsc", "-p", project), Map.of());
      assertEquals("", output.strip(), "tsc -p " + project + " reports nothing when everything fits");
    }
  }

  @ParameterizedTest(name = "{0} joins a room with {1}, sends a message and prints what the gateway stored")
  @CsvSource({"bridge-chat.js, the stock bridge client", "socketio-chat.js, socket.io-client 4.8.1"})
  @DisplayName("each chat example joins a room, sends a message and prints what the gateway stored")
  void chat(String script, String client) throws Exception {
    String room = room();
    String output = NodeScript.exec(EXAMPLES, List.of("node", script), env(room));
    assertTrue(output.contains("joined " + room + " (Operations): 3 members, last seq 0, 0 recent messages"), output);
    assertStored(room, output, 1);
  }

  @Test
  @DisplayName("a second run of bridge-chat.js sees the first one's message in the join's recent messages")
  void bridgeChatAgain() throws Exception {
    String room = room();
    NodeScript.exec(EXAMPLES, List.of("node", "bridge-chat.js"), env(room));
    String output = NodeScript.exec(EXAMPLES, List.of("node", "bridge-chat.js"), env(room));
    assertTrue(output.contains("last seq 1, 1 recent messages"), output);
    assertStored(room, output, 2);
  }

  @Test
  @DisplayName("rest-walkthrough.sh gets every status code it promises, with jq's picks of the answers")
  void restWalkthrough() throws Exception {
    String output = NodeScript.exec(EXAMPLES, List.of("bash", "rest-walkthrough.sh"), Map.of(
      "SWITCHBOARD_URL", "http://127.0.0.1:" + cluster.port(0),
      "AGENT", agent,
      "CUSTOMER", cluster.token("c1", Role.CUSTOMER)));
    List<String> statuses = output.lines().filter(line -> line.matches("\\d{3} [A-Z]+ /.*"))
      .map(line -> line.substring(0, line.indexOf(' ', 4))).toList();
    assertEquals(List.of("200 GET", "401 GET", "201 POST", "409 POST", "403 POST", "200 GET", "400 GET", "201 POST",
      "200 PATCH", "409 PATCH", "403 PATCH", "201 POST", "200 GET", "200 GET", "200 GET"), statuses, output);
    assertTrue(output.contains("    \"AUTH_REQUIRED\""), output);
    assertTrue(output.contains("\"code\":\"VERSION_CONFLICT\""), output);
    assertTrue(output.contains("{\"status\":\"IN_PROGRESS\",\"assignedTo\":\"a1\",\"priority\":\"HIGH\",\"version\":2}"), output);
    // the internal note: the agent reads one message, the customer none
    assertTrue(output.matches("(?s).*200 GET /tickets/\\S+/messages\\n {4}\\{\"ticketId\":\"\\S+\",\"messages\":1}\\n"
      + "200 GET /tickets/\\S+/messages\\n {4}\\{\"ticketId\":\"\\S+\",\"messages\":0}\\n.*"), output);
  }

  /** A room of the agent and two others, named as the examples print it. */
  private String room() {
    var created = Rest.post(cluster.port(0), "/rooms", agent,
      new JsonObject().put("name", "Operations").put("members", new JsonArray().add("8").add("9")).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private Map<String, String> env(String room) {
    return Map.of("SWITCHBOARD_URL", "http://127.0.0.1:" + cluster.port(0), "TOKEN", agent, "ROOM", room);
  }

  /** The example printed the message as stored with {@code seq}, and the room's history has it. */
  private void assertStored(String room, String output, long seq) {
    Matcher stored = STORED.matcher(output);
    assertTrue(stored.find(), output);
    assertEquals(seq, Long.parseLong(stored.group(2)), output);
    assertEquals("User a1", stored.group(3));
    assertEquals("a1", stored.group(4));
    var history = Rest.get(cluster.port(0), "/rooms/" + room + "/messages", agent);
    assertEquals(stored.group(1), history.body().getJsonArray("messages").getJsonObject(0).getString("id"), history.body().encode());
  }
}
