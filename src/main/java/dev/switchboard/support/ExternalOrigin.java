package dev.switchboard.support;

import io.vertx.core.json.JsonObject;

/**
 * Where a ticket's customer writes from when it is not one of the gateway's own clients: a platform
 * ({@code telegram}, {@code instagram}), the channel that heard them, and their id there. Public
 * replies on such a ticket are delivered to them on that platform.
 */
public record ExternalOrigin(String platform, String channelId, String externalId) {

  public JsonObject toJson() {
    return new JsonObject().put("platform", platform).put("channelId", channelId).put("externalId", externalId);
  }

  /** The origin in {@code json}, or null for a ticket of the gateway's own clients. */
  public static ExternalOrigin fromJson(JsonObject json) {
    return json == null ? null
      : new ExternalOrigin(json.getString("platform"), json.getString("channelId"), json.getString("externalId"));
  }
}
