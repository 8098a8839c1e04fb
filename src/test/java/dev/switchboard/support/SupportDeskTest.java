package dev.switchboard.support;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.switchboard.testing.Frames.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The support desk on a two-node cluster")
class SupportDeskTest extends TwoNodeClusterTest {
  /** Fresh ids per test so tests never see each other's tickets. */
  private final class Desk {
    final String dept = "d" + UUID.randomUUID().toString().substring(0, 8);
    final String otherDept = dept + "x";
    final String customer = cluster.token("c-" + dept, Role.CUSTOMER);
    final String otherCustomer = cluster.token("c2-" + dept, Role.CUSTOMER);
    final String agent = cluster.token("a-" + dept, Role.AGENT, dept);
    final String otherAgent = cluster.token("a2-" + dept, Role.AGENT, otherDept);
    final String admin = cluster.token("admin-" + dept, Role.ADMIN);

    String customerId() {
      return "c-" + dept;
    }

    String otherAgentId() {
      return "a2-" + dept;
    }

    JsonObject open(String subject) {
      var created = Rest.post(cluster.port(A), "/tickets", customer,
        new JsonObject().put("subject", subject).put("body", "it broke").put("departmentId", dept).encode());
      assertEquals(201, created.status(), created.body().encode());
      return created.body();
    }
  }

  private static Rest.Response patch(int port, String path, String token, String body) {
    return Rest.send(port, path, token, "PATCH", body);
  }

  @Test
  @DisplayName("a customer opens a ticket: OPEN, MEDIUM, theirs, version 1")
  void customerOpensTicket() {
    var desk = new Desk();
    JsonObject ticket = desk.open("printer on fire");
    assertEquals("OPEN", ticket.getString("status"));
    assertEquals("MEDIUM", ticket.getString("priority"));
    assertEquals(desk.customerId(), ticket.getString("customerId"));
    assertEquals(1L, ticket.getLong("version"));
    assertEquals(ticket, Rest.get(cluster.port(B), "/tickets/" + ticket.getString("id"), desk.customer).body());
  }

  @Test
  @DisplayName("staff open tickets for a customer; customers only for themselves; services not at all")
  void openingForOthers() {
    var desk = new Desk();
    var forCustomer = Rest.post(cluster.port(B), "/tickets", desk.agent,
      new JsonObject().put("subject", "call back").put("customerId", desk.customerId()).put("departmentId", desk.dept).encode());
    assertEquals(201, forCustomer.status());
    assertEquals(desk.customerId(), forCustomer.body().getString("customerId"));
    assertEquals("INVALID_DATA", Rest.post(cluster.port(B), "/tickets", desk.agent, "{\"subject\":\"x\"}").errorCode());
    assertEquals("ACCESS_DENIED", Rest.post(cluster.port(B), "/tickets", desk.customer,
      "{\"subject\":\"x\",\"customerId\":\"someone-else\"}").errorCode());
    assertEquals("ACCESS_DENIED", Rest.post(cluster.port(B), "/tickets", cluster.token("svc-" + desk.dept, Role.SERVICE),
      "{\"subject\":\"x\",\"customerId\":\"" + desk.customerId() + "\"}").errorCode());
  }

  @Test
  @DisplayName("the access matrix holds on REST reads and on subscribe")
  void accessMatrix() {
    var desk = new Desk();
    String id = desk.open("who can see me").getString("id");
    String path = "/tickets/" + id;
    Map<String, Integer> expected = Map.of(desk.customer, 200, desk.otherCustomer, 403, desk.agent, 200,
      desk.otherAgent, 403, desk.admin, 200);
    expected.forEach((token, status) -> {
      assertEquals(status, Rest.get(cluster.port(B), path, token).status());
      assertEquals(status, Rest.get(cluster.port(B), path + "/messages", token).status());
      try (var client = BridgeClient.connect(cluster.port(A), token)) {
        JsonObject reply = client.request(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", id));
        assertEquals(status == 200 ? "rec" : "err", reply.getString("type"), reply.encode());
        client.register(Addresses.ticketRoom(id));
        if (status == 403) {
          assertEquals(403, client.nextOn(Addresses.ticketRoom(id)).getInteger("failureCode"));
        }
      }
    });
    assertEquals(200, patch(cluster.port(A), path, desk.agent, "{\"assignedTo\":\"" + desk.otherAgentId() + "\"}").status());
    assertEquals(200, Rest.get(cluster.port(B), path, desk.otherAgent).status(), "the assignee sees it now");
    assertEquals(404, Rest.get(cluster.port(B), "/tickets/nope", desk.admin).status());
  }

  @Test
  @DisplayName("a ticket with no department and no assignee is every agent's shared queue, until it is assigned")
  void sharedQueue() {
    var desk = new Desk();
    var created = Rest.post(cluster.port(A), "/tickets", desk.customer, "{\"subject\":\"no department\"}");
    assertEquals(201, created.status(), created.body().encode());
    String id = created.body().getString("id");
    String path = "/tickets/" + id;
    for (String agent : List.of(desk.agent, desk.otherAgent)) {
      assertEquals(200, Rest.get(cluster.port(B), path, agent).status());
      assertEquals(200, Rest.get(cluster.port(B), path + "/messages", agent).status());
      assertTrue(Rest.get(cluster.port(B), "/tickets?limit=100", agent).body().getJsonArray("tickets").stream()
        .anyMatch(ticket -> id.equals(((JsonObject) ticket).getString("id"))), "the queue lists it");
      try (var client = BridgeClient.connect(cluster.port(A), agent)) {
        JsonObject reply = client.request(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", id));
        assertEquals("rec", reply.getString("type"), reply.encode());
      }
    }
    assertEquals(200, patch(cluster.port(A), path, desk.otherAgent, "{\"assignedTo\":\"" + desk.otherAgentId() + "\"}").status());
    assertEquals(403, Rest.get(cluster.port(B), path, desk.agent).status(), "assigned, it leaves the shared queue");
    assertFalse(Rest.get(cluster.port(B), "/tickets?limit=100", desk.agent).body().getJsonArray("tickets").stream()
      .anyMatch(ticket -> id.equals(((JsonObject) ticket).getString("id"))), "nor is it listed");
    assertEquals(200, Rest.get(cluster.port(B), path, desk.otherAgent).status());
  }

  @Test
  @DisplayName("lists are scoped by role, filtered, newest activity first, and paged by cursor")
  void listsAreScopedAndPaged() {
    var desk = new Desk();
    String first = desk.open("one").getString("id");
    String second = desk.open("two").getString("id");
    String third = desk.open("three").getString("id");

    var page = Rest.get(cluster.port(B), "/tickets?limit=2&departmentId=" + desk.dept, desk.agent).body();
    assertEquals(List.of(third, second), ids(page));
    var rest = Rest.get(cluster.port(B), "/tickets?limit=2&departmentId=" + desk.dept + "&cursor=" + page.getString("nextCursor"),
      desk.agent).body();
    assertEquals(List.of(first), ids(rest));
    assertNull(rest.getString("nextCursor"));

    assertEquals(List.of(third, second, first), ids(Rest.get(cluster.port(A), "/tickets", desk.customer).body()));
    assertTrue(ids(Rest.get(cluster.port(A), "/tickets", desk.otherCustomer).body()).isEmpty());
    assertTrue(ids(Rest.get(cluster.port(A), "/tickets", desk.otherAgent).body()).isEmpty());
    assertTrue(ids(Rest.get(cluster.port(A), "/tickets?departmentId=" + desk.dept, desk.admin).body()).containsAll(List.of(first, second, third)));

    Rest.post(cluster.port(A), "/tickets/" + first + "/messages", desk.customer, "{\"body\":\"bump\"}");
    assertEquals(first, ids(Rest.get(cluster.port(A), "/tickets", desk.customer).body()).get(0), "activity moves a ticket up");
    assertEquals(List.of(first), ids(Rest.get(cluster.port(A), "/tickets?status=OPEN&priority=MEDIUM&limit=1", desk.customer).body()));
    assertEquals("INVALID_DATA", Rest.get(cluster.port(A), "/tickets?cursor=bm9wZQ", desk.customer).errorCode());
    assertEquals("INVALID_DATA", Rest.get(cluster.port(A), "/tickets?limit=101", desk.customer).errorCode());
    assertEquals("INVALID_DATA", Rest.get(cluster.port(A), "/tickets?status=open", desk.customer).errorCode());
  }

  @Test
  @DisplayName("internal notes reach staff sessions only, on any node, and never a customer's REST read")
  void internalNotes() {
    var desk = new Desk();
    String id = desk.open("secret").getString("id");
    String room = Addresses.ticketRoom(id);
    try (var customer = BridgeClient.connect(cluster.port(A), desk.customer);
         var watchingAgent = BridgeClient.connect(cluster.port(A), desk.admin);
         var writer = BridgeClient.connect(cluster.port(B), desk.agent)) {
      register(customer, room, id);
      register(watchingAgent, room, id);
      writer.ask(Addresses.SUPPORT_TYPING, new JsonObject().put("ticketId", id).put("isTyping", true).put("isInternal", true));
      JsonObject note = writer.ask(Addresses.SUPPORT_MESSAGE,
        new JsonObject().put("ticketId", id).put("body", "customer is grumpy").put("isInternal", true));
      JsonObject reply = writer.ask(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", id).put("body", "on it"));

      assertEquals("support-chat:typing", eventOn(watchingAgent, room).getJsonObject("headers").getString("event"));
      assertEquals(note, eventOn(watchingAgent, room).getJsonObject("body"));
      assertEquals(reply, eventOn(watchingAgent, room).getJsonObject("body"));
      JsonObject seenByCustomer = eventOn(customer, room);
      assertEquals(reply, seenByCustomer.getJsonObject("body"), "the first thing the customer sees is the public reply");
      // the marker: the writer's next public event, through the same node's desk on the same room channel
      writer.ask(Addresses.SUPPORT_TYPING, new JsonObject().put("ticketId", id).put("isTyping", false));
      customer.assertNextIs(Frames.event(room, Addresses.SUPPORT_TYPING), "the writer's public typing (nothing else after the reply)");
      assertEquals("agent", reply.getString("senderType"));
    }
    var customerView = Rest.get(cluster.port(B), "/tickets/" + id + "/messages", desk.customer).body().getJsonArray("messages");
    var agentView = Rest.get(cluster.port(B), "/tickets/" + id + "/messages", desk.agent).body().getJsonArray("messages");
    assertEquals(1, customerView.size());
    assertFalse(customerView.getJsonObject(0).getBoolean("isInternal"));
    assertEquals(2, agentView.size());
  }

  @Test
  @DisplayName("a customer may not write or type an internal note")
  void customersCannotWriteNotes() {
    var desk = new Desk();
    String id = desk.open("sneaky").getString("id");
    try (var customer = BridgeClient.connect(cluster.port(A), desk.customer)) {
      assertError(customer.request(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", id).put("body", "x")
        .put("isInternal", true)), 403, "ACCESS_DENIED");
      assertError(customer.request(Addresses.SUPPORT_TYPING, new JsonObject().put("ticketId", id).put("isTyping", true)
        .put("isInternal", true)), 403, "ACCESS_DENIED");
    }
    assertEquals("ACCESS_DENIED", Rest.post(cluster.port(A), "/tickets/" + id + "/messages", desk.customer,
      "{\"body\":\"x\",\"isInternal\":true}").errorCode());
    assertTrue(Rest.get(cluster.port(A), "/tickets/" + id + "/messages", desk.agent).body().getJsonArray("messages").isEmpty());
  }

  @Test
  @DisplayName("a PATCH on node A reaches the ticket room, the staff channel and the new assignee on node B")
  void patchReachesEveryone() {
    var desk = new Desk();
    String id = desk.open("escalate").getString("id");
    try (var customer = BridgeClient.connect(cluster.port(B), desk.customer);
         var staff = BridgeClient.connect(cluster.port(B), desk.agent);
         var assignee = BridgeClient.connect(cluster.port(B), desk.otherAgent)) {
      register(customer, Addresses.ticketRoom(id), id);
      staff.register(Addresses.SUPPORT_AGENTS);
      staff.ask(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "available"));
      staff.nextOn(Addresses.SUPPORT_AGENTS);
      assignee.register(Addresses.user(desk.otherAgentId()));
      assignee.ask(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "busy"));

      var patched = patch(cluster.port(A), "/tickets/" + id, desk.agent,
        "{\"status\":\"IN_PROGRESS\",\"priority\":\"HIGH\",\"assignedTo\":\"" + desk.otherAgentId() + "\"}");
      assertEquals(200, patched.status(), patched.body().encode());
      assertEquals(2L, patched.body().getLong("version"));

      for (var frame : List.of(eventOn(customer, Addresses.ticketRoom(id)),
        event(staff, Addresses.SUPPORT_AGENTS, "support-chat:ticket-update"), assignee.nextOn(Addresses.user(desk.otherAgentId())))) {
        assertEquals("support-chat:ticket-update", frame.getJsonObject("headers").getString("event"), frame.encode());
        JsonObject body = frame.getJsonObject("body");
        assertEquals(id, body.getString("ticketId"));
        assertEquals("IN_PROGRESS", body.getString("status"));
        assertEquals("HIGH", body.getString("priority"));
        assertEquals(desk.otherAgentId(), body.getString("assignedTo"));
        assertTrue(body.getLong("timestamp") > 0);
      }
    }
    JsonObject stored = Rest.get(cluster.port(B), "/tickets/" + id, desk.admin).body();
    assertEquals("IN_PROGRESS", stored.getString("status"));
    assertEquals(desk.otherAgentId(), stored.getString("assignedTo"));
  }

  @Test
  @DisplayName("the socket ticket-update has the same effect as PATCH, and customers may not use either")
  void socketUpdate() {
    var desk = new Desk();
    String id = desk.open("via socket").getString("id");
    try (var agent = BridgeClient.connect(cluster.port(B), desk.agent);
         var customer = BridgeClient.connect(cluster.port(B), desk.customer)) {
      register(agent, Addresses.ticketRoom(id), id);
      JsonObject updated = agent.ask(Addresses.SUPPORT_TICKET_UPDATE, new JsonObject().put("ticketId", id).put("status", "PENDING"));
      assertEquals("PENDING", updated.getString("status"));
      // the marker: the customer typing, told after the update by the same node's desk on the ticket room
      customer.ask(Addresses.SUPPORT_TYPING, new JsonObject().put("ticketId", id).put("isTyping", true));
      agent.assertNextIs(Frames.event(Addresses.ticketRoom(id), Addresses.SUPPORT_TYPING),
        "the customer's typing (the updater gets the reply, not the event)");
      assertError(customer.request(Addresses.SUPPORT_TICKET_UPDATE, new JsonObject().put("ticketId", id).put("status", "CLOSED")),
        403, "ACCESS_DENIED");
    }
    assertEquals(403, patch(cluster.port(A), "/tickets/" + id, desk.customer, "{\"status\":\"CLOSED\"}").status());
    assertEquals("PENDING", Rest.get(cluster.port(A), "/tickets/" + id, desk.customer).body().getString("status"));
  }

  @Test
  @DisplayName("concurrent PATCHes: without a version both apply; on the same version one wins and one gets 409")
  void concurrentPatches() {
    var desk = new Desk();
    String path = "/tickets/" + desk.open("race").getString("id");
    var status = CompletableFuture.supplyAsync(() -> patch(cluster.port(A), path, desk.agent, "{\"status\":\"IN_PROGRESS\"}"));
    var priority = CompletableFuture.supplyAsync(() -> patch(cluster.port(B), path, desk.agent, "{\"priority\":\"CRITICAL\"}"));
    assertEquals(200, status.join().status());
    assertEquals(200, priority.join().status());
    JsonObject both = Rest.get(cluster.port(A), path, desk.agent).body();
    assertEquals("IN_PROGRESS", both.getString("status"));
    assertEquals("CRITICAL", both.getString("priority"));
    assertEquals(3L, both.getLong("version"));

    var one = CompletableFuture.supplyAsync(() -> patch(cluster.port(A), path, desk.agent, "{\"status\":\"RESOLVED\",\"version\":3}"));
    var two = CompletableFuture.supplyAsync(() -> patch(cluster.port(B), path, desk.agent, "{\"status\":\"PENDING\",\"version\":3}"));
    List<Rest.Response> results = List.of(one.join(), two.join());
    assertEquals(1, results.stream().filter(r -> r.status() == 200).count(), results.toString());
    Rest.Response loser = results.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
    assertEquals(409, loser.status());
    assertEquals("VERSION_CONFLICT", loser.errorCode());
    JsonObject after = Rest.get(cluster.port(A), path, desk.agent).body();
    assertEquals(4L, after.getLong("version"));
    assertEquals(results.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().body().getString("status"),
      after.getString("status"));
  }

  @Test
  @DisplayName("stats counts match the stored tickets within the caller's scope")
  void statsCounts() {
    var desk = new Desk();
    for (String status : List.of("OPEN", "OPEN", "RESOLVED", "CLOSED")) {
      String id = desk.open("count me").getString("id");
      if (!status.equals("OPEN")) {
        patch(cluster.port(A), "/tickets/" + id, desk.agent, "{\"status\":\"" + status + "\",\"priority\":\"LOW\"}");
      }
    }
    JsonObject counts = Rest.get(cluster.port(B), "/tickets/stats/counts", desk.agent).body();
    assertEquals(new JsonObject().put("OPEN", 2).put("IN_PROGRESS", 0).put("PENDING", 0).put("RESOLVED", 1).put("CLOSED", 1),
      counts.getJsonObject("status"));
    assertEquals(new JsonObject().put("LOW", 2).put("MEDIUM", 2).put("HIGH", 0).put("CRITICAL", 0), counts.getJsonObject("priority"));
    assertEquals(4L, counts.getLong("total"));
    assertEquals(0L, Rest.get(cluster.port(B), "/tickets/stats/counts", desk.otherCustomer).body().getLong("total"));
    assertEquals(4L, Rest.get(cluster.port(B), "/tickets/stats/counts", desk.customer).body().getLong("total"));
  }

  @Test
  @DisplayName("bad input is refused with the right code and changes nothing")
  void badInput() {
    var desk = new Desk();
    String id = desk.open("target").getString("id");
    String path = "/tickets/" + id;
    assertEquals("INVALID_DATA", patch(cluster.port(A), path, desk.agent, "{\"status\":\"DONE\"}").errorCode());
    assertEquals("INVALID_DATA", patch(cluster.port(A), path, desk.agent, "{\"status\":\"CLOSED\",\"customerId\":\"me\"}").errorCode());
    assertEquals("INVALID_DATA", patch(cluster.port(A), path, desk.agent, "{\"assignedTo\":{\"$gt\":\"\"}}").errorCode());
    // a version beyond any long is bad input, not a conflict with the stored version (it was clamped)
    var huge = patch(cluster.port(A), path, desk.agent, "{\"status\":\"CLOSED\",\"version\":1e400}");
    assertEquals(400, huge.status());
    assertEquals("INVALID_DATA", huge.errorCode());
    assertTrue(huge.body().getJsonObject("error").getString("message").startsWith("version "), huge.body().encode());
    assertEquals("INVALID_DATA", patch(cluster.port(A), path, desk.agent, "{\"status\":\"CLOSED\",\"version\":\"1\"}").errorCode());
    assertEquals("INVALID_DATA", patch(cluster.port(A), path, desk.agent, "{\"status\":\"CLOSED\",\"version\":1.5}").errorCode());
    // query parameters arrive as text and are still read as numbers, but only whole decimal ones
    assertEquals(200, Rest.get(cluster.port(A), path + "/messages?limit=1&before=5", desk.agent).status());
    assertEquals("INVALID_DATA", Rest.get(cluster.port(A), path + "/messages?limit=1e1", desk.agent).errorCode());
    assertEquals("INVALID_DATA", patch(cluster.port(A), path, desk.agent, "{}").errorCode());
    assertEquals("INVALID_DATA", patch(cluster.port(A), path, desk.agent, "[1]").errorCode());
    assertEquals("INVALID_DATA", Rest.get(cluster.port(A), "/tickets/%7B%22$gt%22:%22%22%7D", desk.agent).errorCode());
    assertEquals("INVALID_DATA", Rest.post(cluster.port(A), "/tickets", desk.customer, "{\"subject\":\"x\",\"admin\":true}").errorCode());
    assertEquals("INVALID_DATA", Rest.post(cluster.port(A), "/tickets", desk.customer, "{\"subject\":{\"$ne\":1}}").errorCode());
    assertEquals("INVALID_DATA", Rest.post(cluster.port(A), "/tickets", desk.customer, "{\"subject\":\"x\",\"priority\":\"URGENT\"}").errorCode());
    assertEquals("PAYLOAD_TOO_LARGE", Rest.post(cluster.port(A), path + "/messages", desk.customer,
      new JsonObject().put("body", "x".repeat(9000)).encode()).errorCode());
    assertEquals("PAYLOAD_TOO_LARGE", Rest.post(cluster.port(A), "/tickets", desk.customer,
      new JsonObject().put("subject", "x").put("body", "y".repeat(70_000)).encode()).errorCode());

    JsonObject unchanged = Rest.get(cluster.port(A), path, desk.agent).body();
    assertEquals("OPEN", unchanged.getString("status"));
    assertEquals(1L, unchanged.getLong("version"));
    assertNull(unchanged.getString("assignedTo"));
    assertEquals(1L, Rest.get(cluster.port(A), "/tickets/stats/counts", desk.customer).body().getLong("total"));
    assertTrue(Rest.get(cluster.port(A), path + "/messages", desk.agent).body().getJsonArray("messages").isEmpty());
  }

  @Test
  @DisplayName("a closed ticket refuses customer messages with ROOM_INACTIVE; agents may still add internal notes")
  void closedTickets() {
    var desk = new Desk();
    String id = desk.open("done").getString("id");
    patch(cluster.port(A), "/tickets/" + id, desk.agent, "{\"status\":\"CLOSED\"}");
    try (var customer = BridgeClient.connect(cluster.port(B), desk.customer);
         var agent = BridgeClient.connect(cluster.port(B), desk.agent)) {
      assertError(customer.request(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", id).put("body", "hello?")),
        409, "ROOM_INACTIVE");
      assertError(agent.request(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", id).put("body", "public")),
        409, "ROOM_INACTIVE");
      assertTrue(agent.ask(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", id).put("body", "note")
        .put("isInternal", true)).getBoolean("isInternal"));
    }
    assertEquals(1, Rest.get(cluster.port(A), "/tickets/" + id + "/messages", desk.agent).body().getJsonArray("messages").size());
  }

  @Test
  @DisplayName("join replies the ticket, last seq and who is there; the room hears user_joined and user_left")
  void joinAndLeave() {
    var desk = new Desk();
    String id = desk.open("company").getString("id");
    String room = Addresses.ticketRoom(id);
    try (var agent = BridgeClient.connect(cluster.port(A), desk.agent)) {
      agent.register(room);
      JsonObject alone = agent.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", id));
      assertEquals(id, alone.getJsonObject("ticket").getString("id"));
      assertEquals(0L, alone.getLong("lastSeq"));
      assertEquals(1, alone.getJsonArray("participants").size());

      try (var customer = BridgeClient.connect(cluster.port(B), desk.customer)) {
        customer.register(room);
        JsonObject both = customer.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", id));
        assertEquals(2, both.getJsonArray("participants").size());
        JsonObject joined = agent.nextOn(room);
        assertEquals("user_joined", joined.getJsonObject("headers").getString("event"));
        assertEquals(new JsonObject().put("userId", desk.customerId()).put("userName", "User " + desk.customerId())
          .put("userType", "customer").put("ticketId", id), joined.getJsonObject("body"));
      }
      JsonObject left = agent.nextOn(room);
      assertEquals("user_left", left.getJsonObject("headers").getString("event"), "closing the connection is leaving");
      assertEquals(desk.customerId(), left.getJsonObject("body").getString("userId"));

      try (var customer = BridgeClient.connect(cluster.port(B), desk.customer)) {
        customer.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", id));
        agent.nextOn(room);
        customer.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", id));
        // the leave is the marker: told by the same node's desk on the same room channel, after the join
        customer.ask(Addresses.SUPPORT_LEAVE, new JsonObject().put("ticketId", id));
        agent.assertNextIs(Frames.event(room, Addresses.SUPPORT_USER_LEFT), "user_left (joining again is not announced again)");
      }
      assertEquals(1, agent.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", id)).getJsonArray("participants").size());
    }
  }

  @Test
  @DisplayName("support-chat:agents tells each agent, on any node, only of the tickets they may see")
  void staffChannelIsScoped() {
    var desk = new Desk();
    try (var agent = BridgeClient.connect(cluster.port(A), desk.agent);
         var otherAgent = BridgeClient.connect(cluster.port(B), desk.otherAgent)) {
      agent.listen(Addresses.SUPPORT_AGENTS);
      otherAgent.listen(Addresses.SUPPORT_AGENTS);
      String id = desk.open("for the first department only").getString("id");
      assertEquals(201, Rest.post(cluster.port(A), "/tickets/" + id + "/messages", desk.customer, "{\"body\":\"anyone?\"}").status());
      assertEquals(200, patch(cluster.port(A), "/tickets/" + id, desk.admin, "{\"priority\":\"HIGH\"}").status());

      assertEquals(id, ticketNews(agent, Addresses.SUPPORT_TICKET_CREATED).getString("id"));
      assertEquals(id, ticketNews(agent, Addresses.NEW_CUSTOMER_MESSAGE).getString("conversation_id"));
      assertEquals(id, ticketNews(agent, Addresses.SUPPORT_TICKET_UPDATE).getString("ticketId"));
      // the marker: a ticket of the other agent's department, told after the three by the same node's desk
      var marker = Rest.post(cluster.port(A), "/tickets", desk.customer,
        new JsonObject().put("subject", "marker").put("departmentId", desk.otherDept).encode()).body();
      JsonObject first = ticketNews(otherAgent, null);
      assertEquals(Addresses.SUPPORT_TICKET_CREATED, first.getString("event"), first.encode());
      assertEquals(marker.getString("id"), first.getString("id"), "the other department's agent heard nothing before it");
    }
  }

  @Test
  @DisplayName("agent statuses are broadcast to staff and listed cluster-wide; customers have none")
  void agentStatuses() {
    var desk = new Desk();
    try (var agent = BridgeClient.connect(cluster.port(A), desk.agent);
         var customer = BridgeClient.connect(cluster.port(B), desk.customer)) {
      JsonObject status = agent.ask(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "busy").put("agentId", "spoof"));
      assertEquals("a-" + desk.dept, status.getString("agentId"));
      assertError(customer.request(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "available")), 403, "ACCESS_DENIED");
      assertError(agent.request(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "asleep")), 400, "INVALID_DATA");
      customer.register(Addresses.SUPPORT_AGENTS);
      assertEquals(403, customer.nextOn(Addresses.SUPPORT_AGENTS).getInteger("failureCode"));
      // listed while the agent is connected; an agent with no session left is offline (PresenceTest)
      JsonArray listed = Rest.get(cluster.port(B), "/agents/status", desk.agent).body().getJsonArray("agents");
      assertTrue(listed.stream().map(JsonObject.class::cast)
        .anyMatch(a -> a.getString("agentId").equals("a-" + desk.dept) && a.getString("status").equals("busy")), listed.encode());
    }
  }

  @Test
  @DisplayName("only its owner may register on a user:{id} address")
  void personalAddresses() {
    var desk = new Desk();
    try (var customer = BridgeClient.connect(cluster.port(A), desk.customer)) {
      customer.register(Addresses.user(desk.otherAgentId()));
      assertEquals(403, customer.nextOn(Addresses.user(desk.otherAgentId())).getInteger("failureCode"));
    }
  }

  @Test
  @DisplayName("a retried tempId on a ticket is stored once")
  void ticketTempIds() {
    var desk = new Desk();
    String id = desk.open("retry").getString("id");
    try (var customer = BridgeClient.connect(cluster.port(A), desk.customer)) {
      JsonObject message = new JsonObject().put("ticketId", id).put("body", "again").put("tempId", "t-1");
      assertEquals(customer.ask(Addresses.SUPPORT_MESSAGE, message), customer.ask(Addresses.SUPPORT_MESSAGE, message.copy()));
    }
    assertEquals(1, Rest.get(cluster.port(A), "/tickets/" + id + "/messages", desk.customer).body().getJsonArray("messages").size());
  }

  private static void register(BridgeClient client, String room, String ticketId) {
    client.register(room);
    client.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", ticketId));
  }

  /** The next frame on the room that is not a join/leave notice. */
  private static JsonObject eventOn(BridgeClient client, String room) {
    while (true) {
      JsonObject frame = client.nextOn(room);
      String event = frame.getJsonObject("headers").getString("event");
      if (!event.equals("user_joined") && !event.equals("user_left")) {
        return frame;
      }
    }
  }

  /** The next frame on the address carrying {@code event}, skipping others. */
  private static JsonObject event(BridgeClient client, String address, String event) {
    while (true) {
      JsonObject frame = client.nextOn(address);
      if (event.equals(frame.getJsonObject("headers").getString("event"))) {
        return frame;
      }
    }
  }

  /**
   * The body of the next ticket event on the staff channel, skipping agent statuses (other tests'
   * agents going offline): the one named {@code event}, or with a null name the next one, its name
   * added as {@code event}.
   */
  private static JsonObject ticketNews(BridgeClient client, String event) {
    while (true) {
      JsonObject frame = client.nextOn(Addresses.SUPPORT_AGENTS);
      String name = frame.getJsonObject("headers").getString("event");
      if (event == null && !name.equals(Addresses.SUPPORT_AGENT_STATUS)) {
        return frame.getJsonObject("body").copy().put("event", name);
      }
      if (name.equals(event)) {
        return frame.getJsonObject("body");
      }
    }
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("tickets").stream().map(t -> ((JsonObject) t).getString("id")).toList();
  }

}
