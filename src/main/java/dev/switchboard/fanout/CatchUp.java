package dev.switchboard.fanout;

import dev.switchboard.bus.Addresses;
import dev.switchboard.payload.Fields;
import dev.switchboard.payload.SeqRange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What a returning client missed on an address, as a domain answers it at {@link Addresses#catchUp}:
 * the request is {@code {address, after}}, the answer {@code {events: [{event, payload}], complete}}
 * with the stored events after that seq, oldest first, as they went out live.
 */
public final class CatchUp {
  /** The most events one catch-up replays; beyond that the newest are sent and the client loads the rest. */
  public static final int MAX_EVENTS = 1000;

  private CatchUp() {
  }

  /** The seq the client has, from a catch-up request. */
  public static long after(JsonObject request) {
    return Fields.longIn(request, "after", 0, Long.MAX_VALUE - 1, 0);
  }

  /**
   * The events after {@code after} read with {@code read}, each sent as {@code event}. With more than
   * {@link #MAX_EVENTS} of them, the newest, and {@code complete} false.
   */
  public static <T> Future<JsonObject> missed(String event, long after, Function<SeqRange, Future<List<T>>> read,
                                              Function<T, JsonObject> toJson) {
    return read.apply(SeqRange.after(after, MAX_EVENTS + 1)).compose(forward -> forward.size() <= MAX_EVENTS
      ? Future.succeededFuture(reply(event, forward, toJson, true))
      : read.apply(SeqRange.before(Long.MAX_VALUE, MAX_EVENTS)).map(newestFirst -> {
        List<T> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return reply(event, oldestFirst, toJson, false);
      }));
  }

  /** Nothing to replay: the address is a channel, not a stored log. */
  public static JsonObject nothing() {
    return new JsonObject().put("events", new JsonArray()).put("complete", true);
  }

  private static <T> JsonObject reply(String event, List<T> entries, Function<T, JsonObject> toJson, boolean complete) {
    JsonArray events = new JsonArray();
    entries.forEach(entry -> events.add(new JsonObject().put("event", event).put("payload", toJson.apply(entry))));
    return new JsonObject().put("events", events).put("complete", complete);
  }
}
