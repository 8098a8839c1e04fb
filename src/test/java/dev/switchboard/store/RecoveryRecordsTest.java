package dev.switchboard.store;

import dev.switchboard.testing.StoreRig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


import static dev.switchboard.testing.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("Socket.IO recovery records in MongoDB")
class RecoveryRecordsTest {
  private static final long HOUR = 3_600_000;

  private StoreRig rig;
  private MongoClient mongo;
  private MongoRecoveryStore store;

  @BeforeEach
  void start() {
    rig = new StoreRig("recovery");
    mongo = rig.mongo();
    store = new MongoRecoveryStore(mongo);
    await(store.createIndexes());
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  @DisplayName("a record is handed out as it was kept, once: the second comeback with the same private id finds none")
  void takenOnce() {
    await(store.keep("pid-1", record("u1"), System.currentTimeMillis() + HOUR));
    assertEquals(record("u1"), await(store.take("pid-1")));
    assertNull(await(store.take("pid-1")));
  }

  @Test
  @DisplayName("a record kept again replaces the one before, and a forgotten one is gone")
  void replacedAndForgotten() {
    await(store.keep("pid-2", record("u1"), System.currentTimeMillis() + HOUR));
    await(store.keep("pid-2", record("u1").put("namespace", "/support"), System.currentTimeMillis() + HOUR));
    assertEquals("/support", await(store.take("pid-2")).getString("namespace"));
    await(store.keep("pid-3", record("u1"), System.currentTimeMillis() + HOUR));
    await(store.forget("pid-3"));
    assertNull(await(store.take("pid-3")));
  }

  @Test
  @DisplayName("an expired record is not handed out, and the purge removes the expired ones only")
  void expired() {
    long now = System.currentTimeMillis();
    await(store.keep("late", record("u1"), now - 1));
    assertNull(await(store.take("late")));
    await(store.keep("stale", record("u1"), now - 1));
    await(store.keep("fresh", record("u2"), now + HOUR));
    await(store.purge(now));
    assertEquals(1L, await(mongo.count(MongoRecoveryStore.RECORDS, new JsonObject())));
    assertEquals("u2", await(store.take("fresh")).getString("userId"));
  }

  private static JsonObject record(String userId) {
    return new JsonObject().put("userId", userId).put("namespace", "/")
      .put("rooms", new JsonObject().put("internal-chat:42", 17L)).put("written", new JsonArray().add("internal-chat:42#18"));
  }
}
