package dev.switchboard.faults;

import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Rest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chat messages sent as a client should send them under faults: each with its own {@code tempId},
 * and those that got no acknowledgement sent again with the same one. It keeps which were
 * acknowledged, and reads the room's whole history back to hold the gateway to them.
 */
final class Ledger {
  private static final int PAGE = 100;

  private final String roomId;
  /** Between one acknowledgement and the next send: a steady load rather than one burst. */
  private final long pauseMs;
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

  Ledger(String roomId, long pauseMs) {
    this.roomId = roomId;
    this.pauseMs = pauseMs;
  }

  /**
   * Sends each tempId in turn and returns those not acknowledged: the ones refused with
   * {@code STORE_UNAVAILABLE}, and once the connection is lost, that one and all after it. Any
   * other refusal fails the test.
   */
  List<String> send(BridgeClient client, List<String> tempIds) {
    List<String> unacknowledged = new ArrayList<>();
    for (int i = 0; i < tempIds.size(); i++) {
      String tempId = tempIds.get(i);
      JsonObject reply;
      try {
        reply = client.request(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", roomId).put("body", "m " + tempId)
          .put("tempId", tempId));
      } catch (AssertionError lost) {
        unacknowledged.addAll(tempIds.subList(i, tempIds.size()));
        return unacknowledged;
      }
      if ("rec".equals(reply.getString("type"))) {
        assertEquals(tempId, reply.getJsonObject("body").getString("tempId"), reply.encode());
        acknowledged.add(tempId);
      } else {
        assertEquals(503, reply.getInteger("failureCode"), reply.encode());
        unacknowledged.add(tempId);
      }
      pause();
    }
    return unacknowledged;
  }

  private void pause() {
    try {
      Thread.sleep(pauseMs);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  int acknowledgedCount() {
    return acknowledged.size();
  }

  /** How many times each tempId is in the room's history, paging back from the newest to the first. */
  Map<String, Integer> history(int port, String token) {
    Map<String, Integer> counts = new HashMap<>();
    String before = "";
    while (true) {
      var page = Rest.get(port, "/rooms/" + roomId + "/messages?limit=" + PAGE + before, token);
      assertEquals(200, page.status(), page.body().encode());
      JsonArray messages = page.body().getJsonArray("messages");
      for (Object message : messages) {
        counts.merge(((JsonObject) message).getString("tempId"), 1, Integer::sum);
      }
      if (messages.size() < PAGE) {
        return counts;
      }
      before = "&before=" + messages.getJsonObject(messages.size() - 1).getLong("seq");
    }
  }

  /** Every acknowledged message is in history once, and no message is there twice. */
  void assertEachAcknowledgedStoredOnce(int port, String token) {
    Map<String, Integer> stored = history(port, token);
    for (String tempId : acknowledged) {
      assertEquals(1, stored.getOrDefault(tempId, 0), "times " + tempId + " is in history");
    }
    stored.forEach((tempId, times) -> assertEquals(1, times, "times " + tempId + " is in history"));
  }
}
