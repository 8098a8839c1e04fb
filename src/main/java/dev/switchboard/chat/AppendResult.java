package dev.switchboard.chat;

import io.vertx.core.json.JsonObject;

/** The stored message, and whether it was already there (a retried {@code tempId}). */
public record AppendResult(ChatMessage message, boolean duplicate) {

  public JsonObject toJson() {
    return new JsonObject().put("message", message.toJson()).put("duplicate", duplicate);
  }

  public static AppendResult fromJson(JsonObject json) {
    return new AppendResult(ChatMessage.fromJson(json.getJsonObject("message")), json.getBoolean("duplicate"));
  }
}
