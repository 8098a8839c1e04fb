package dev.switchboard.conversations;

import io.vertx.core.json.JsonObject;

/**
 * One entry of a user's conversation list (seed 001): a chat room or a ticket, its last message, how
 * many messages from others came after the user's read cursor, and when it last moved. A ticket also
 * names its customer ({@code {id, name}}) and where it came from ({@code source}: an external
 * channel's platform, or null); a room has neither.
 */
public record Conversation(String kind, String id, String title, String status, JsonObject lastMessage,
                           long lastSeq, long readSeq, long unreadCount, String createdAt, String updatedAt,
                           JsonObject customer, String source) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind).put("title", title).put("status", status)
      .put("last_message", lastMessage).put("lastSeq", lastSeq).put("readSeq", readSeq)
      .put("unread_count", unreadCount).put("created_at", createdAt).put("updated_at", updatedAt)
      .put("customer", customer).put("source", source);
  }

  public static Conversation fromJson(JsonObject json) {
    return new Conversation(json.getString("kind"), json.getString("id"), json.getString("title"),
      json.getString("status"), json.getJsonObject("last_message"), json.getLong("lastSeq"), json.getLong("readSeq"),
      json.getLong("unread_count"), json.getString("created_at"), json.getString("updated_at"),
      json.getJsonObject("customer"), json.getString("source"));
  }
}
