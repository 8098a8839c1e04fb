package dev.switchboard.fanout;

import io.vertx.core.json.JsonObject;

/** A session that has joined a room, as the room's other members see it. */
public record Participant(String sessionId, String userId, String userName, String userType) {

  /** What the room is told: no session id, which is the gateway's business only. */
  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("userName", userName).put("userType", userType);
  }

  public JsonObject toStored() {
    return toJson().put("sessionId", sessionId);
  }

  public static Participant fromStored(JsonObject json) {
    return new Participant(json.getString("sessionId"), json.getString("userId"), json.getString("userName"),
      json.getString("userType"));
  }
}
