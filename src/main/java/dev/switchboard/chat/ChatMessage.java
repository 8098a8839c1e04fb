package dev.switchboard.chat;

import io.vertx.core.json.JsonObject;

/** A stored room message, as replied to its sender and delivered to the room. */
public record ChatMessage(String id, String roomId, String body, String senderId, String senderName,
                          String createdAt, long seq, String tempId) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("roomId", roomId).put("body", body).put("senderId", senderId)
      .put("senderName", senderName).put("createdAt", createdAt).put("seq", seq).put("tempId", tempId);
  }

  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage(json.getString("id"), json.getString("roomId"), json.getString("body"),
      json.getString("senderId"), json.getString("senderName"), json.getString("createdAt"),
      json.getLong("seq"), json.getString("tempId"));
  }
}
