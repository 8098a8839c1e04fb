package dev.switchboard.presence;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** A user who is online (seed 003's online-users entries). */
public record OnlineUser(String userId, String userType, long lastSeen) {

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("userType", userType)
      .put("lastSeen", Instant.ofEpochMilli(lastSeen).toString());
  }
}
