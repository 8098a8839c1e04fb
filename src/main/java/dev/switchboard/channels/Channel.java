package dev.switchboard.channels;

import io.vertx.core.json.JsonObject;

/**
 * An external channel an admin connected: a Telegram bot or an Instagram professional account, the
 * department its conversations go to, and its secrets (a bot token and a webhook secret; or an
 * access token, an app secret and a verify token). The secrets stay in the store and in this
 * record: {@link #toPublicJson()} is all that is ever shown, and the record's text hides them.
 */
public record Channel(String id, Platform platform, String departmentId, JsonObject secrets, String createdAt) {

  /** What the API shows: no secret. */
  public JsonObject toPublicJson() {
    return new JsonObject().put("id", id).put("type", platform.wireName()).put("departmentId", departmentId)
      .put("webhookPath", platform.webhookPath(id)).put("createdAt", createdAt);
  }

  /** The stored form, secrets included: for the store only. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("type", platform.wireName()).put("departmentId", departmentId)
      .put("secrets", secrets).put("createdAt", createdAt);
  }

  public static Channel fromJson(JsonObject json) {
    return new Channel(json.getString("id"), Platform.named(json.getString("type")), json.getString("departmentId"),
      json.getJsonObject("secrets"), json.getString("createdAt"));
  }

  public String secret(String name) {
    return secrets.getString(name);
  }

  /** Never the secrets, so a channel in a log line or an exception leaks nothing. */
  @Override
  public String toString() {
    return "Channel[" + id + ", " + platform.wireName() + "]";
  }
}
