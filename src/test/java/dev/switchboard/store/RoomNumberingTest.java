package dev.switchboard.store;

import dev.switchboard.chat.AppendResult;
import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.payload.SeqRange;
import dev.switchboard.testing.StoreRig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A room's messages are numbered in memory by the store that owns the room")
class RoomNumberingTest {
  private StoreRig rig;
  private MongoClient mongo;

  @BeforeEach
  void start() {
    rig = new StoreRig("numbering");
    mongo = rig.mongo();
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  @DisplayName("a store that numbers a room after another did (its owner moved) goes on from the stored numbers, none stored twice")
  void ownersMove() {
    MongoChatStore before = store(MongoChatStore.KEPT_MS);
    MongoChatStore after = store(MongoChatStore.KEPT_MS);
    onLoop(() -> before.createIndexes());
    onLoop(() -> before.createRoom(new Room("moving", "moving", List.of("u1"), true)));
    assertEquals(1, onLoop(() -> before.append(message("moving", "u1", "one"))).message().seq());
    assertEquals(2, onLoop(() -> after.append(message("moving", "u1", "two"))).message().seq());
    // the first store still has the room at 1: its next number is taken, so it reads the room again
    assertEquals(3, onLoop(() -> before.append(message("moving", "u1", "three"))).message().seq());
    assertEquals(4, onLoop(() -> after.append(message("moving", "u1", "four"))).message().seq());
    List<String> stored = onLoop(() -> before.messages("moving", SeqRange.before(Long.MAX_VALUE, 10))).stream()
      .map(m -> m.seq() + ":" + m.body()).toList();
    assertEquals(List.of("4:four", "3:three", "2:two", "1:one"), stored);
    assertEquals(4, onLoop(() -> after.lastSeq("moving")));
  }

  @Test
  @DisplayName("a room changed through its store refuses the next message at once: a removed member, then a closed room")
  void changesThroughTheStore() {
    MongoChatStore store = store(MongoChatStore.KEPT_MS);
    onLoop(() -> store.createIndexes());
    onLoop(() -> store.createRoom(new Room("changing", "changing", List.of("u1", "u2"), true)));
    onLoop(() -> store.append(message("changing", "u2", "kept in memory now")));
    onLoop(() -> store.updateRoom("changing", new JsonObject().put("members", new JsonArray().add("u1"))));
    assertEquals(ErrorCode.ACCESS_DENIED, refusal(() -> store.append(message("changing", "u2", "removed"))));
    onLoop(() -> store.updateRoom("changing", new JsonObject().put("active", false)));
    assertEquals(ErrorCode.ROOM_INACTIVE, refusal(() -> store.append(message("changing", "u1", "closed"))));
    assertEquals(1, onLoop(() -> store.messages("changing", SeqRange.before(Long.MAX_VALUE, 10))).size());
  }

  @Test
  @DisplayName("a room closed in the database around the gateway is read again once its keep time is over, and then refuses")
  void changesAroundTheStore() {
    long keptMs = 200;
    MongoChatStore store = store(keptMs);
    onLoop(() -> store.createIndexes());
    onLoop(() -> store.createRoom(new Room("around", "around", List.of("u1"), true)));
    onLoop(() -> store.append(message("around", "u1", "kept in memory now")));
    onLoop(() -> mongo.updateCollection(MongoChatStore.ROOMS, new JsonObject().put("_id", "around"),
      new JsonObject().put("$set", new JsonObject().put("active", false))));
    long deadline = System.currentTimeMillis() + 10 * keptMs + 5000;
    int accepted = 0;
    while (true) {
      try {
        onLoop(() -> store.append(message("around", "u1", "still open here")));
        accepted++;
        assertTrue(System.currentTimeMillis() < deadline, "the closed room was never read again");
      } catch (AssertionError refused) {
        assertEquals(ErrorCode.ROOM_INACTIVE, GatewayException.from(refused.getCause()).code());
        break;
      }
    }
    assertEquals(1 + accepted, onLoop(() -> store.messages("around", SeqRange.before(Long.MAX_VALUE, 1000))).size());
  }

  private MongoChatStore store(long keptMs) {
    return new MongoChatStore(mongo, size -> { }, keptMs);
  }

  private ErrorCode refusal(Supplier<Future<AppendResult>> append) {
    AssertionError failed = assertThrows(AssertionError.class, () -> onLoop(append));
    return GatewayException.from(failed.getCause()).code();
  }

  private static NewMessage message(String room, String sender, String body) {
    return new NewMessage(room, body, null, sender, sender, true);
  }

  private <T> T onLoop(Supplier<Future<T>> work) {
    return rig.onLoop(work);
  }
}
