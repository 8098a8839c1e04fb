package dev.switchboard.presence;

import io.vertx.core.json.JsonObject;

/** A user came online (first session anywhere) or went offline (last session gone). */
public record PresenceChange(String userId, String userType, boolean online) {

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("userType", userType).put("online", online);
  }

  public static PresenceChange fromJson(JsonObject json) {
    return new PresenceChange(json.getString("userId"), json.getString("userType"), json.getBoolean("online"));
  }
}
