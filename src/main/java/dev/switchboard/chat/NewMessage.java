package dev.switchboard.chat;

import io.vertx.core.json.JsonObject;

/**
 * A message to append. {@code requireMember} makes the store refuse it unless the sender is a
 * member of the room, checked in the same write that allocates the sequence number.
 */
public record NewMessage(String roomId, String body, String tempId, String senderId, String senderName,
                         boolean requireMember) {

  public JsonObject toJson() {
    return new JsonObject().put("roomId", roomId).put("body", body).put("tempId", tempId)
      .put("senderId", senderId).put("senderName", senderName).put("requireMember", requireMember);
  }

  public static NewMessage fromJson(JsonObject json) {
    return new NewMessage(json.getString("roomId"), json.getString("body"), json.getString("tempId"),
      json.getString("senderId"), json.getString("senderName"), json.getBoolean("requireMember", true));
  }
}
