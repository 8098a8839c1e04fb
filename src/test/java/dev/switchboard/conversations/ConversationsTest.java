package dev.switchboard.conversations;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.switchboard.testing.Frames.assertError;
import static dev.switchboard.testing.TestCluster.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Conversation lists and read state on a two-node cluster")
class ConversationsTest extends TwoNodeClusterTest {
  private String room(String creator, String... members) {
    String id = fresh("r");
    var created = Rest.post(cluster.port(A), "/rooms", cluster.token(creator, Role.AGENT), new JsonObject().put("id", id)
      .put("name", "Room " + id).put("members", new JsonArray(List.of(members))).encode());
    assertEquals(201, created.status(), created.body().encode());
    return id;
  }

  private BridgeClient connect(int node, String user, Role role) {
    var client = BridgeClient.connect(cluster.port(node), cluster.token(user, role));
    client.listen(Addresses.user(user));
    return client;
  }

  private static JsonObject say(BridgeClient client, String roomId, String text) {
    return client.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", roomId).put("body", text));
  }

  private static JsonObject event(BridgeClient client, String address, String event) {
    while (true) {
      JsonObject frame = client.nextOn(address);
      if (event.equals(frame.getJsonObject("headers").getString("event"))) {
        return frame.getJsonObject("body");
      }
    }
  }

  private static JsonObject entry(BridgeClient client, String id) {
    JsonArray list = client.ask(Addresses.CONVERSATIONS_LIST, new JsonObject()).getJsonArray("conversations");
    return list.stream().map(JsonObject.class::cast).filter(c -> id.equals(c.getString("id"))).findFirst()
      .orElseThrow(() -> new AssertionError(id + " not in " + list.encode()));
  }

  @Test
  @DisplayName("joining a room replies its recent messages, oldest first, so no second request is needed")
  void recentMessagesOnJoin() {
    String writer = fresh("w");
    String reader = fresh("rd");
    String roomId = room(writer, reader);
    try (var w = connect(A, writer, Role.AGENT); var r = connect(B, reader, Role.CUSTOMER)) {
      for (String text : List.of("one", "two", "three")) {
        say(w, roomId, text);
      }
      JsonArray recent = r.joinRoom(roomId).getJsonArray("recent_messages");
      assertEquals(List.of("one", "two", "three"), recent.stream().map(m -> ((JsonObject) m).getString("body")).toList());
      assertEquals(2, r.ask(Addresses.CHAT_JOIN, new JsonObject().put("roomId", roomId).put("limit", 2))
        .getJsonArray("recent_messages").size());
    }
  }

  @Test
  @DisplayName("the list shows rooms newest first with the last message and unread count, updated live on new messages")
  void listAndLiveUpdates() {
    String me = fresh("me");
    String other = fresh("o");
    String older = room(other, me);
    String newer = room(other, me);
    String aside = room(other, me);
    try (var mine = connect(A, me, Role.CUSTOMER); var theirs = connect(B, other, Role.AGENT);
         var myLaptop = connect(B, me, Role.CUSTOMER)) {
      say(theirs, older, "old news");
      JsonObject update = event(mine, Addresses.user(me), Addresses.CONVERSATION_UPDATED);
      assertEquals(older, update.getString("conversation_id"));
      say(theirs, newer, "hot news");
      assertEquals(newer, event(mine, Addresses.user(me), Addresses.CONVERSATION_UPDATED).getString("conversation_id"));
      // The marker: a message to the sender in a third room, written on the sender's node, so that its
      // list update takes the path an update of the sender's own would have (node B's chat, the one
      // multicast channel) and comes after any such.
      say(myLaptop, aside, "marker");
      theirs.assertNextIs(Frames.event(Addresses.user(other), Addresses.CONVERSATION_UPDATED)
        .and(Frames.withBody("conversation_id", aside)), "the third room's update (the sender's own list is not told)");

      JsonArray list = mine.ask(Addresses.CONVERSATIONS_LIST, new JsonObject()).getJsonArray("conversations");
      List<String> order = list.stream().map(c -> ((JsonObject) c).getString("id")).filter(List.of(older, newer)::contains).toList();
      assertEquals(List.of(newer, older), order, "newest first");
      JsonObject hot = entry(mine, newer);
      assertEquals("room", hot.getString("kind"));
      assertEquals("hot news", hot.getJsonObject("last_message").getString("body"));
      assertEquals(1, hot.getLong("unread_count"));
      assertEquals(0, entry(theirs, newer).getLong("unread_count"), "one's own messages are never unread");
    }
  }

  @Test
  @DisplayName("mark-read moves the cursor forward only, updates every device and tells the room messages_read")
  void markRead() {
    String me = fresh("me");
    String other = fresh("o");
    String roomId = room(other, me);
    try (var phone = connect(A, me, Role.CUSTOMER); var laptop = connect(B, me, Role.CUSTOMER);
         var theirs = connect(B, other, Role.AGENT)) {
      theirs.joinRoom(roomId);
      for (String text : List.of("a", "b", "c")) {
        say(theirs, roomId, text);
      }
      JsonObject marked = phone.ask(Addresses.CONVERSATIONS_MARK_READ, new JsonObject().put("roomId", roomId).put("seq", 2));
      assertEquals(new JsonObject().put("roomId", roomId).put("seq", 2L).put("moved", true).put("unread_count", 1L), marked);
      JsonObject onLaptop;
      do {
        onLaptop = event(laptop, Addresses.user(me), Addresses.CONVERSATION_UPDATED);
      } while (!onLaptop.containsKey("readSeq"));
      assertEquals(2, onLaptop.getLong("readSeq"));
      assertEquals(1, onLaptop.getLong("unread_count"));
      JsonObject receipt = event(theirs, Addresses.chatRoom(roomId), Addresses.MESSAGES_READ);
      assertEquals(new JsonObject().put("roomId", roomId).put("userId", me).put("seq", 2), receipt);

      JsonObject back = laptop.ask(Addresses.CONVERSATIONS_MARK_READ, new JsonObject().put("roomId", roomId).put("seq", 1));
      assertEquals(2, back.getLong("seq"), "never moves back");
      assertFalse(back.getBoolean("moved"));

      // the next forward move, told by the same node on the same room channel, is the marker
      JsonObject all = laptop.ask(Addresses.CONVERSATIONS_MARK_READ, new JsonObject().put("roomId", roomId));
      theirs.assertNextIs(Frames.event(Addresses.chatRoom(roomId), Addresses.MESSAGES_READ)
        .and(frame -> frame.getJsonObject("body").getLong("seq") == 3), "the receipt for seq 3 (none for a move that did not happen)");
      assertEquals(3, all.getLong("seq"));
      assertEquals(0, all.getLong("unread_count"));
      assertEquals(0, entry(phone, roomId).getLong("unread_count"));

      assertError(phone.request(Addresses.CONVERSATIONS_MARK_READ, new JsonObject().put("roomId", roomId).put("seq", 9)),
        400, "INVALID_DATA");
      assertError(phone.request(Addresses.CONVERSATIONS_MARK_READ, new JsonObject()), 400, "INVALID_DATA");
      try (var outsider = connect(A, fresh("x"), Role.CUSTOMER)) {
        assertError(outsider.request(Addresses.CONVERSATIONS_MARK_READ, new JsonObject().put("roomId", roomId)),
          403, "ACCESS_DENIED");
      }
    }
  }

  @Test
  @DisplayName("on a ticket, a customer's message is new_customer_message for the assignee, and internal notes are never the customer's unread")
  void tickets() {
    String dept = fresh("d");
    String customer = fresh("c");
    String agent = fresh("a");
    String customerToken = cluster.token(customer, Role.CUSTOMER);
    String agentToken = cluster.token(agent, Role.AGENT, dept);
    var opened = Rest.post(cluster.port(A), "/tickets", customerToken,
      new JsonObject().put("subject", "Refund").put("departmentId", dept).encode());
    String ticketId = opened.body().getString("id");
    var assigned = Rest.send(cluster.port(A), "/tickets/" + ticketId, agentToken, "PATCH",
      new JsonObject().put("assignedTo", agent).encode());
    assertEquals(200, assigned.status(), assigned.text());
    try (var c = connect(A, customer, Role.CUSTOMER); var a = connect(B, agent, Role.AGENT)) {
      c.ask(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", ticketId).put("body", "where is my money"));
      JsonObject news = event(a, Addresses.user(agent), Addresses.NEW_CUSTOMER_MESSAGE);
      assertEquals(ticketId, news.getString("conversation_id"));
      assertEquals("where is my money", news.getJsonObject("message").getString("body"));

      a.ask(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", ticketId).put("body", "check ledger").put("isInternal", true));
      a.ask(Addresses.SUPPORT_MESSAGE, new JsonObject().put("ticketId", ticketId).put("body", "on its way"));
      assertEquals(ticketId, event(c, Addresses.user(customer), Addresses.CONVERSATION_UPDATED).getString("conversation_id"));

      JsonObject mine = entry(c, ticketId);
      assertEquals("ticket", mine.getString("kind"));
      assertEquals(1, mine.getLong("unread_count"), mine.encode());
      assertEquals("on its way", mine.getJsonObject("last_message").getString("body"));
      JsonObject staffView = entry(a, ticketId);
      assertEquals(1, staffView.getLong("unread_count"), "the agent has the customer's one message unread");

      JsonArray recent = c.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", ticketId)).getJsonArray("recent_messages");
      assertEquals(List.of("where is my money", "on its way"), recent.stream().map(m -> ((JsonObject) m).getString("body")).toList());
      assertTrue(a.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", ticketId)).getJsonArray("recent_messages")
        .stream().anyMatch(m -> ((JsonObject) m).getBoolean("isInternal")), "staff see the note in recent messages");
    }
  }
}
