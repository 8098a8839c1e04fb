package dev.switchboard.support;

import io.vertx.core.json.JsonObject;

/** A message to append to a ticket; unless it is an internal note, the ticket must not be CLOSED. */
public record NewTicketMessage(String ticketId, String body, String tempId, String senderId, String senderName,
                               String senderType, boolean isInternal) {

  public JsonObject toJson() {
    return new JsonObject().put("ticketId", ticketId).put("body", body).put("tempId", tempId)
      .put("senderId", senderId).put("senderName", senderName).put("senderType", senderType)
      .put("isInternal", isInternal);
  }

  public static NewTicketMessage fromJson(JsonObject json) {
    return new NewTicketMessage(json.getString("ticketId"), json.getString("body"), json.getString("tempId"),
      json.getString("senderId"), json.getString("senderName"), json.getString("senderType"),
      json.getBoolean("isInternal", false));
  }
}
