package dev.switchboard.payload;

import io.vertx.core.json.JsonObject;

/**
 * A page of a numbered log (a room's or a ticket's messages): reading back, the {@code limit}
 * newest entries below {@code before}, newest first; reading forward, the {@code limit} oldest
 * entries above {@code after}, oldest first, which is how a client catches up on what it missed.
 */
public record SeqRange(long after, long before, int limit) {

  public static SeqRange before(long seq, int limit) {
    return new SeqRange(0, seq, limit);
  }

  public static SeqRange after(long seq, int limit) {
    return new SeqRange(seq, Long.MAX_VALUE, limit);
  }

  /** Whether this range reads forward from {@code after}, oldest first. */
  public boolean forward() {
    return after > 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("after", after).put("before", before).put("limit", limit);
  }

  public static SeqRange fromJson(JsonObject json) {
    return new SeqRange(json.getLong("after"), json.getLong("before"), json.getInteger("limit"));
  }
}
