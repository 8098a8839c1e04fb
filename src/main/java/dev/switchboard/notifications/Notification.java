package dev.switchboard.notifications;

import io.vertx.core.json.JsonObject;

/** A stored notification for one user (seed 004's {@code notification:new} payload). */
public record Notification(String id, String userId, String type, String title, String body, JsonObject data,
                           boolean read, String createdAt) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("userId", userId).put("type", type).put("title", title)
      .put("body", body).put("data", data).put("read", read).put("createdAt", createdAt);
  }

  public static Notification fromJson(JsonObject json) {
    return new Notification(json.getString("id"), json.getString("userId"), json.getString("type"),
      json.getString("title"), json.getString("body"), json.getJsonObject("data", new JsonObject()),
      json.getBoolean("read", false), json.getString("createdAt"));
  }
}
