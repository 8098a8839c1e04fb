package dev.switchboard.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The stored message, whether it was already there (a retried {@code tempId}), and the room's members
 * when it was stored now (empty for a duplicate), read in the same round trip as the sequence number.
 */
public record AppendResult(ChatMessage message, boolean duplicate, List<String> members) {

  public AppendResult {
    members = List.copyOf(members);
  }

  public JsonObject toJson() {
    return new JsonObject().put("message", message.toJson()).put("duplicate", duplicate)
      .put("members", new JsonArray(members));
  }

  @SuppressWarnings("unchecked")
  public static AppendResult fromJson(JsonObject json) {
    return new AppendResult(ChatMessage.fromJson(json.getJsonObject("message")), json.getBoolean("duplicate"),
      json.getJsonArray("members", new JsonArray()).getList());
  }
}
