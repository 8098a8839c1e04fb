package dev.switchboard.support;

import io.vertx.core.json.JsonObject;

/**
 * A message to append to a ticket; unless it is an internal note, the ticket must not be CLOSED. A
 * staff reply to a customer of an external channel names where it is to be delivered
 * ({@code deliverTo}, else null): the delivery is stored with the message, in the same write, so it
 * is the outbox that the channels' senders work through.
 */
public record NewTicketMessage(String ticketId, String body, String tempId, String senderId, String senderName,
                               String senderType, boolean isInternal, ExternalOrigin deliverTo) {

  public JsonObject toJson() {
    return new JsonObject().put("ticketId", ticketId).put("body", body).put("tempId", tempId)
      .put("senderId", senderId).put("senderName", senderName).put("senderType", senderType)
      .put("isInternal", isInternal).put("deliverTo", deliverTo == null ? null : deliverTo.toJson());
  }

  public static NewTicketMessage fromJson(JsonObject json) {
    return new NewTicketMessage(json.getString("ticketId"), json.getString("body"), json.getString("tempId"),
      json.getString("senderId"), json.getString("senderName"), json.getString("senderType"),
      json.getBoolean("isInternal", false), ExternalOrigin.fromJson(json.getJsonObject("deliverTo")));
  }
}
