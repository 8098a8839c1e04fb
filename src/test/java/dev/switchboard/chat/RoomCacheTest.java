package dev.switchboard.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomCacheTest {
  private static final Room ROOM = new Room("r1", "Room one", List.of("u1"), true);

  private final List<Promise<Room>> loads = new ArrayList<>();
  private final Function<String, Future<Room>> store = id -> {
    Promise<Room> load = Promise.promise();
    loads.add(load);
    return load.future();
  };

  @Test
  @DisplayName("reads of one room within the TTL share one store read, even while it is in flight")
  void sharesOneLoad() {
    var cache = new RoomCache(1000, 10);
    Future<Room> first = cache.get("r1", store, 0);
    Future<Room> second = cache.get("r1", store, 10);
    loads.get(0).complete(ROOM);
    assertSame(ROOM, first.result());
    assertSame(ROOM, cache.get("r1", store, 999).result());
    assertSame(first, second);
    assertEquals(1, loads.size());
  }

  @Test
  @DisplayName("an expired or forgotten room is read again")
  void expiresAndForgets() {
    var cache = new RoomCache(1000, 10);
    cache.get("r1", store, 0);
    loads.get(0).complete(ROOM);
    cache.get("r1", store, 1000);
    assertEquals(2, loads.size());
    loads.get(1).complete(ROOM);
    cache.forget("r1");
    cache.get("r1", store, 1001);
    assertEquals(3, loads.size());
  }

  @Test
  @DisplayName("a failed read is not kept: the next read asks the store")
  void failuresAreNotCached() {
    var cache = new RoomCache(1000, 10);
    Future<Room> failed = cache.get("r1", store, 0);
    loads.get(0).fail("ROOM_NOT_FOUND: no room r1");
    assertTrue(failed.failed());
    cache.get("r1", store, 1);
    assertEquals(2, loads.size());
  }

  @Test
  @DisplayName("the cache holds at most its capacity, dropping the oldest room first")
  void boundedByCapacity() {
    var cache = new RoomCache(1000, 2);
    for (String id : List.of("a", "b", "c")) {
      cache.get(id, store, 0);
    }
    loads.forEach(load -> load.complete(ROOM));
    cache.get("c", store, 1);
    cache.get("b", store, 1);
    assertEquals(3, loads.size());
    cache.get("a", store, 1);
    assertEquals(4, loads.size());
  }
}
