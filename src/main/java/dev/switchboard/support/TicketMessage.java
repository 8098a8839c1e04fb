package dev.switchboard.support;

import io.vertx.core.json.JsonObject;

/** A stored message of a ticket's conversation; internal notes are for staff only. */
public record TicketMessage(String id, String ticketId, String body, String senderId, String senderName,
                            String senderType, boolean isInternal, String createdAt, long seq, String tempId) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("ticketId", ticketId).put("body", body).put("senderId", senderId)
      .put("senderName", senderName).put("senderType", senderType).put("isInternal", isInternal)
      .put("createdAt", createdAt).put("seq", seq).put("tempId", tempId);
  }

  public static TicketMessage fromJson(JsonObject json) {
    return new TicketMessage(json.getString("id"), json.getString("ticketId"), json.getString("body"),
      json.getString("senderId"), json.getString("senderName"), json.getString("senderType"),
      json.getBoolean("isInternal", false), json.getString("createdAt"), json.getLong("seq"), json.getString("tempId"));
  }
}
