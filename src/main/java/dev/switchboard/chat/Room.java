package dev.switchboard.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An internal chat room: its members may read and write it while it is active. Where its messages
 * stand ({@link ChatStore#lastSeq}) is not part of it: most readers of a room only ask who may use it.
 */
public record Room(String id, String name, List<String> members, boolean active) {

  public Room {
    members = List.copyOf(members);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("members", new JsonArray(members))
      .put("active", active);
  }

  @SuppressWarnings("unchecked")
  public static Room fromJson(JsonObject json) {
    return new Room(json.getString("id"), json.getString("name"),
      json.getJsonArray("members", new JsonArray()).getList(), json.getBoolean("active", true));
  }
}
