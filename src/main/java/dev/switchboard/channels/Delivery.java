package dev.switchboard.channels;

import dev.switchboard.support.ExternalOrigin;
import io.vertx.core.json.JsonObject;

/**
 * A staff reply to deliver on an external platform, as the outbox holds it: the message's
 * {@code delivery} field, written with the message itself. {@code pending} until a sender settles it
 * {@code sent} or {@code failed}; a sender claims it by moving {@code nextAt} past its lease, so a
 * node that dies mid-send leaves it to another once the lease is over.
 */
public record Delivery(String messageId, String ticketId, String body, ExternalOrigin origin, int attempts) {
  public static final String FIELD = "delivery";
  public static final String PENDING = "pending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";

  /** The {@code delivery} field of a new reply: due now. */
  public static JsonObject pending(ExternalOrigin origin, long now) {
    return origin.toJson().put("state", PENDING).put("attempts", 0).put("nextAt", now);
  }

  public JsonObject toJson() {
    return new JsonObject().put("messageId", messageId).put("ticketId", ticketId).put("body", body)
      .put("origin", origin.toJson()).put("attempts", attempts);
  }

  public static Delivery fromJson(JsonObject json) {
    return new Delivery(json.getString("messageId"), json.getString("ticketId"), json.getString("body"),
      ExternalOrigin.fromJson(json.getJsonObject("origin")), json.getInteger("attempts"));
  }
}
