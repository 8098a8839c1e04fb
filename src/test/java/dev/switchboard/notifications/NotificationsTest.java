package dev.switchboard.notifications;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.testing.TestCluster.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Notifications and unread counts on a two-node cluster")
class NotificationsTest extends TwoNodeClusterTest {
  private String service;

  @BeforeAll
  void mintTokens() {
    service = cluster.token("billing-service", Role.SERVICE);
  }

  /** A device of {@code user} listening on its personal address. */
  private BridgeClient device(int node, String user) {
    var client = BridgeClient.connect(cluster.port(node), cluster.token(user, Role.CUSTOMER));
    client.listen(Addresses.user(user));
    return client;
  }

  private List<String> notify(String title, String... userIds) {
    var sent = Rest.post(cluster.port(A), "/notifications", service, new JsonObject()
      .put("userIds", new JsonArray(List.of(userIds))).put("type", "ticket_assigned").put("title", title)
      .put("body", "see ticket").put("data", new JsonObject().put("ticketId", "t1")).encode());
    assertEquals(201, sent.status(), sent.body().encode());
    return sent.body().getJsonArray("notifications").stream().map(n -> ((JsonObject) n).getString("id")).toList();
  }

  /** The next event on the user's address, checked by name; its body. */
  private static JsonObject expect(BridgeClient device, String user, String event) {
    JsonObject frame = device.nextOn(Addresses.user(user));
    assertEquals(event, frame.getJsonObject("headers").getString("event"), frame.encode());
    return frame.getJsonObject("body");
  }

  private static long unread(BridgeClient device) {
    return device.ask(Addresses.NOTIFICATIONS_GET_UNREAD_COUNT, new JsonObject()).getLong("count");
  }

  @Test
  @DisplayName("a notification reaches every device of its user on both nodes, and an offline user finds it unread later")
  void deliveredAndStored() {
    String user = fresh("u");
    String away = fresh("away");
    try (var phone = device(A, user); var laptop = device(B, user)) {
      notify("Ticket assigned", user, away);
      for (var device : List.of(phone, laptop)) {
        JsonObject notification = expect(device, user, Addresses.NOTIFICATION_NEW);
        assertEquals("Ticket assigned", notification.getString("title"));
        assertEquals("t1", notification.getJsonObject("data").getString("ticketId"));
        assertEquals(false, notification.getBoolean("read"));
        assertEquals(1, expect(device, user, Addresses.UNREAD_COUNT).getLong("count"));
      }
    }
    try (var later = device(B, away)) {
      assertEquals(1, unread(later));
      JsonArray list = later.ask(Addresses.NOTIFICATIONS_LIST, new JsonObject().put("unreadOnly", true))
        .getJsonArray("notifications");
      assertEquals(1, list.size());
      assertEquals(away, list.getJsonObject(0).getString("userId"));
    }
  }

  @Test
  @DisplayName("marking one and then all as read reaches every device, and each count told equals the store's")
  void markAcrossDevices() {
    String user = fresh("u");
    try (var phone = device(A, user); var laptop = device(B, user)) {
      List<String> ids = new ArrayList<>();
      // one at a time: the count each device is told is counted after the insert, so a notification
      // sent before the last one's count was taken would already be in it
      for (String title : List.of("one", "two", "three")) {
        ids.add(notify(title, user).get(0));
        for (var device : List.of(phone, laptop)) {
          expect(device, user, Addresses.NOTIFICATION_NEW);
          assertEquals(ids.size(), expect(device, user, Addresses.UNREAD_COUNT).getLong("count"));
        }
      }
      String someoneElses = notify("not yours", fresh("other")).get(0);
      JsonObject reply = phone.ask(Addresses.NOTIFICATIONS_MARK_AS_READ,
        new JsonObject().put("notificationIds", new JsonArray().add(ids.get(0)).add(someoneElses)));
      assertEquals(2, reply.getLong("count"));
      for (var device : List.of(phone, laptop)) {
        assertEquals(new JsonArray().add(ids.get(0)).add(someoneElses),
          expect(device, user, Addresses.MARKED_AS_READ).getJsonArray("notificationIds"));
        assertEquals(2, expect(device, user, Addresses.UNREAD_COUNT).getLong("count"));
        assertEquals(2, unread(device));
      }

      assertEquals(0, laptop.ask(Addresses.NOTIFICATIONS_MARK_ALL_AS_READ, new JsonObject()).getLong("count"));
      for (var device : List.of(phone, laptop)) {
        expect(device, user, Addresses.MARKED_ALL_AS_READ);
        assertEquals(0, expect(device, user, Addresses.UNREAD_COUNT).getLong("count"));
      }
      assertEquals(0, unread(phone));
      assertEquals(3, phone.ask(Addresses.NOTIFICATIONS_LIST, new JsonObject()).getJsonArray("notifications").size());
      assertTrue(phone.ask(Addresses.NOTIFICATIONS_LIST, new JsonObject().put("unreadOnly", true))
        .getJsonArray("notifications").isEmpty());
    }
  }

  @Test
  @DisplayName("only admins and services send notifications, and bad requests are refused with INVALID_DATA")
  void refusals() {
    String customer = cluster.token(fresh("c"), Role.CUSTOMER);
    JsonObject valid = new JsonObject().put("userIds", new JsonArray().add("u1")).put("type", "x").put("title", "t");
    assertEquals("ACCESS_DENIED", Rest.post(cluster.port(A), "/notifications", customer, valid.encode()).errorCode());
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i <= NotificationsVerticle.MAX_RECIPIENTS; i++) {
      tooMany.add("u" + i);
    }
    for (JsonObject bad : List.of(valid.copy().put("userIds", new JsonArray()), valid.copy().put("userIds", tooMany),
      valid.copy().put("userIds", "u1"), valid.copy().put("title", ""), valid.copy().put("type", "no spaces"),
      valid.copy().put("data", 5), valid.copy().put("read", true))) {
      var response = Rest.post(cluster.port(A), "/notifications", service, bad.encode());
      assertEquals("INVALID_DATA", response.errorCode(), bad.encode());
    }
    try (var client = device(A, fresh("u"))) {
      assertEquals("INVALID_DATA", client.request(Addresses.NOTIFICATIONS_MARK_AS_READ,
        new JsonObject().put("notificationIds", new JsonArray().add(new JsonObject().put("$ne", 1))))
        .getString("message").split(":")[0]);
      // a number given as text is not a number
      assertEquals("INVALID_DATA: limit must be a whole number from 1 to " + NotificationsVerticle.MAX_PAGE,
        client.request(Addresses.NOTIFICATIONS_LIST, new JsonObject().put("limit", "10")).getString("message"));
    }
  }
}
