package dev.switchboard.payload;

import io.vertx.core.json.JsonObject;

/**
 * A page of a numbered log (a room's or a ticket's messages): reading back, the {@code limit}
 * newest entries below {@code before}, newest first; reading forward, the {@code limit} oldest
 * entries above {@code after}, oldest first, which is how a client catches up on what it missed.
 */
public record SeqRange(long after, long before, int limit) {
  /**
   * The {@code after} of a range that reads back: below every seq, as 0 is too, but apart from
   * reading forward from 0 (a client that has nothing yet), which must come oldest first.
   */
  private static final long BACKWARD = -1;

  public static SeqRange before(long seq, int limit) {
    return new SeqRange(BACKWARD, seq, limit);
  }

  public static SeqRange after(long seq, int limit) {
    return new SeqRange(seq, Long.MAX_VALUE, limit);
  }

  /** Whether this range reads forward from {@code after}, oldest first. */
  public boolean forward() {
    return after > BACKWARD;
  }

  public JsonObject toJson() {
    return new JsonObject().put("after", after).put("before", before).put("limit", limit);
  }

  public static SeqRange fromJson(JsonObject json) {
    return new SeqRange(json.getLong("after"), json.getLong("before"), json.getInteger("limit"));
  }
}
