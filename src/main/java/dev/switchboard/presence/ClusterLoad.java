package dev.switchboard.presence;

import io.vertx.core.json.JsonObject;

/**
 * The cluster at a glance: live nodes, open sessions, conversation rooms (chat rooms and tickets)
 * with a connected member, those of them with an event in the last minute, and online users.
 */
public record ClusterLoad(int nodes, int totalConnections, int rooms, int activeRooms, int users) {

  public JsonObject toJson() {
    return new JsonObject().put("nodes", nodes).put("totalConnections", totalConnections).put("rooms", rooms)
      .put("activeRooms", activeRooms).put("users", users);
  }
}
