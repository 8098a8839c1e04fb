package dev.switchboard.store;

import dev.switchboard.payload.SeqRange;
import dev.switchboard.testing.StoreRig;
import dev.switchboard.chat.AppendResult;
import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Messages are group-committed")
class GroupCommitTest {
  private StoreRig rig;
  private MongoChatStore store;
  private final List<Integer> batches = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    rig = new StoreRig("groupcommit");
    store = new MongoChatStore(rig.mongo(), batches::add);
    onLoop(() -> store.createIndexes());
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  @DisplayName("appends that arrive together are numbered 1..N in arrival order, in fewer insert round trips than messages")
  void numbersABurstInOrder() {
    room("burst", List.of("u1"));
    List<AppendResult> results = onLoop(() -> all(IntStream.range(0, 100)
      .mapToObj(i -> store.append(message("burst", "u1", "m" + i, null))).toList()));
    for (int i = 0; i < 100; i++) {
      assertEquals(i + 1, results.get(i).message().seq());
      assertEquals("m" + i, results.get(i).message().body());
    }
    assertEquals(100, batches.stream().mapToInt(Integer::intValue).sum());
    assertTrue(batches.size() < 100, "batches: " + batches);
    assertEquals(100, onLoop(() -> store.messages("burst", SeqRange.before(Long.MAX_VALUE, 100))).size());
    assertEquals(100, onLoop(() -> store.lastSeq("burst")));
  }

  @Test
  @DisplayName("a retry in the same batch, in a batch alongside, or later, is stored once and answered with the stored message")
  void retriesAreStoredOnce() {
    room("retry", List.of("u1"));
    List<AppendResult> first = onLoop(() -> {
      List<Future<AppendResult>> sent = new ArrayList<>();
      // two copies while batches are free to start: each goes alone, and the two batches race
      sent.add(store.append(message("retry", "u1", "racing", "t0")));
      sent.add(store.append(message("retry", "u1", "racing", "t0")));
      // the other in-flight slots taken, the next two copies wait and are taken as one batch
      for (int i = 2; i < SequencedLog.MAX_IN_FLIGHT; i++) {
        sent.add(store.append(message("retry", "u1", "filler " + i, null)));
      }
      sent.add(store.append(message("retry", "u1", "hello", "t1")));
      sent.add(store.append(message("retry", "u1", "hello", "t1")));
      return all(sent);
    });
    AppendResult racedA = first.get(0);
    AppendResult racedB = first.get(1);
    assertEquals(racedA.message().id(), racedB.message().id());
    assertTrue(racedA.duplicate() != racedB.duplicate(), "exactly one of the racing copies is stored");
    AppendResult original = first.get(SequencedLog.MAX_IN_FLIGHT);
    AppendResult copy = first.get(SequencedLog.MAX_IN_FLIGHT + 1);
    assertEquals(original.message().id(), copy.message().id());
    assertFalse(original.duplicate());
    assertTrue(copy.duplicate());
    AppendResult later = onLoop(() -> store.append(message("retry", "u1", "hello", "t1")));
    assertTrue(later.duplicate());
    assertEquals(original.message().seq(), later.message().seq());
    assertEquals(SequencedLog.MAX_IN_FLIGHT, onLoop(() -> store.messages("retry", SeqRange.before(Long.MAX_VALUE, 10))).size());
  }

  @Test
  @DisplayName("a refused append leaves the rest of its batch stored, with no gap in the numbers")
  void refusalsDoNotSpoilTheBatch() {
    room("members", List.of("u1"));
    room("elsewhere", List.of("u1"));
    List<Future<AppendResult>> sent = new ArrayList<>();
    List<AppendResult> stored = onLoop(() -> {
      sent.add(store.append(message("members", "u1", "a", null)));
      sent.add(store.append(message("members", "outsider", "b", null)));
      sent.add(store.append(message("elsewhere", "u1", "c", null)));
      sent.add(store.append(message("members", "u1", "d", null)));
      sent.add(store.append(message("missing", "u1", "e", null)));
      return Future.join(sent).otherwiseEmpty().map(v -> sent.stream().filter(Future::succeeded).map(Future::result).toList());
    });
    assertEquals(List.of("a:1", "c:1", "d:2"), stored.stream().map(r -> r.message().body() + ":" + r.message().seq()).toList());
    assertEquals(ErrorCode.ACCESS_DENIED, GatewayException.from(sent.get(1).cause()).code());
    assertEquals(ErrorCode.ROOM_NOT_FOUND, GatewayException.from(sent.get(4).cause()).code());
  }

  private void room(String id, List<String> members) {
    onLoop(() -> store.createRoom(new Room(id, id, members, true)));
  }

  private static NewMessage message(String room, String sender, String body, String tempId) {
    return new NewMessage(room, body, tempId, sender, sender, true);
  }

  private static <T> Future<List<T>> all(List<Future<T>> futures) {
    return Future.all(futures).map(v -> futures.stream().map(Future::result).toList());
  }

  private <T> T onLoop(Supplier<Future<T>> work) {
    return rig.onLoop(work);
  }
}
