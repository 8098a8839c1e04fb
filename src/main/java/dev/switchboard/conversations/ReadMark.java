package dev.switchboard.conversations;

import io.vertx.core.json.JsonObject;

/** A read cursor after a mark: where it was, where it is now (never lower), and what is still unread. */
public record ReadMark(long previousSeq, long seq, long unreadCount) {

  public boolean moved() {
    return seq > previousSeq;
  }

  public JsonObject toJson() {
    return new JsonObject().put("previousSeq", previousSeq).put("seq", seq).put("unreadCount", unreadCount);
  }

  public static ReadMark fromJson(JsonObject json) {
    return new ReadMark(json.getLong("previousSeq"), json.getLong("seq"), json.getLong("unreadCount"));
  }
}
