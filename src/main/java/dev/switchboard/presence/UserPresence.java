package dev.switchboard.presence;

import io.vertx.core.json.JsonObject;

/** One user's presence across the cluster: online while connections is above zero. */
public record UserPresence(String userId, int connections) {

  public boolean online() {
    return connections > 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("online", online()).put("connections", connections);
  }
}
