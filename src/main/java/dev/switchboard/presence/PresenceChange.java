package dev.switchboard.presence;

import io.vertx.core.json.JsonObject;

/**
 * A user came online (first session anywhere) or went offline (last session gone). Every node sees
 * each change; {@code observedHere} is true on the node that saw its cause first-hand (its own
 * session opened or closed, or it stopped hearing from a node), so cluster-wide clean-up is done
 * there and not once per node.
 */
public record PresenceChange(String userId, String userType, boolean online, boolean observedHere) {

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("userType", userType).put("online", online)
      .put("observedHere", observedHere);
  }

  public static PresenceChange fromJson(JsonObject json) {
    return new PresenceChange(json.getString("userId"), json.getString("userType"), json.getBoolean("online"),
      json.getBoolean("observedHere"));
  }
}
