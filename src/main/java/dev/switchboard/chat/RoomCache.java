package dev.switchboard.chat;

import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Rooms read from the store in the last {@code ttlMs}, so a connect (register, then join) and a run
 * of typing events read a room once, not once each. Concurrent reads of one room share one load; a
 * failed load is not kept. A room closed or re-membered elsewhere is seen here within the TTL;
 * messages are unaffected, their append checks the stored room itself.
 * <p>
 * Not thread-safe: it lives on its verticle's event loop.
 */
final class RoomCache {
  private final long ttlMs;
  private final Map<String, Cached> rooms;

  RoomCache(long ttlMs, int capacity) {
    this.ttlMs = ttlMs;
    this.rooms = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The room, from the cache while fresh, otherwise from {@code load}. */
  Future<Room> get(String roomId, Function<String, Future<Room>> load, long now) {
    Cached cached = rooms.get(roomId);
    return cached != null && cached.expiresAt > now ? cached.room : load(roomId, load, now);
  }

  /**
   * Like {@link #get}, but a room whose read began before {@code changedAtNanos} ({@link System#nanoTime()}:
   * when a change to it was announced) is read again; reads that began after it are shared.
   */
  Future<Room> getReadSince(String roomId, Function<String, Future<Room>> load, long now, long changedAtNanos) {
    Cached cached = rooms.get(roomId);
    return cached != null && cached.expiresAt > now && cached.readFrom - changedAtNanos > 0 ? cached.room
      : load(roomId, load, now);
  }

  private Future<Room> load(String roomId, Function<String, Future<Room>> load, long now) {
    long readFrom = System.nanoTime();
    Future<Room> loading = load.apply(roomId);
    Cached entry = new Cached(loading, now + ttlMs, readFrom);
    rooms.remove(roomId);
    rooms.put(roomId, entry);
    loading.onFailure(cause -> rooms.remove(roomId, entry));
    return loading;
  }

  /** Drops the room, so the next read goes to the store (it was found closed). */
  void forget(String roomId) {
    rooms.remove(roomId);
  }

  private record Cached(Future<Room> room, long expiresAt, long readFrom) {
  }
}
