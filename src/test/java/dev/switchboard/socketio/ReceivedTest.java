package dev.switchboard.socketio;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("What a recoverable socket's client received")
class ReceivedTest {
  private static final String A = "internal-chat:1";
  private static final String B = "internal-chat:2";
  private static final Set<String> BOTH = Set.of(A, B);

  @Test
  @DisplayName("a client in two rooms resumes each from where it stood: the reported offset's room up to it, the other up to what came before it")
  void twoRooms() {
    Received received = joinedBothThenGot46();
    received.written(new Position(A, 7));
    received.written(new Position(B, 5));
    JsonObject record = received.toJson("u1", "/", BOTH);

    assertEquals(Map.of(A, 7L, B, 4L), Received.resume(record, new Position(A, 7)));
    assertEquals(Map.of(A, 6L, B, 4L), Received.resume(record, new Position(B, 4)));
    assertEquals(Map.of(A, 5L, B, 3L), Received.resume(record, null), "no offset: only what the joins said");
  }

  @Test
  @DisplayName("what was written before an answered ping is confirmed, and a room left since is not in the record")
  void confirmedByThePong() {
    Received received = joinedBothThenGot46();
    received.pinged();
    received.written(new Position(A, 7));
    assertTrue(received.answered(), "two rooms: the record kept for a dead node is written again");
    JsonObject record = received.toJson("u1", "/", Set.of(A));

    assertEquals(new JsonObject().put(A, 6L), record.getJsonObject("rooms"));
    assertEquals(new JsonArray().add("internal-chat:1#7"), record.getJsonArray("written"));
    assertEquals(Map.of(A, 6L), Received.resume(record, new Position(B, 4)), "an offset of a room it left counts for nothing");
  }

  @Test
  @DisplayName("a client in one room needs no record written at its pongs: the offset it reports says where it stands")
  void oneRoom() {
    Received received = inA();
    received.written(new Position(A, 6));
    received.pinged();
    assertFalse(received.answered());
    JsonObject record = inA().toJson("u1", "/", Set.of(A));
    assertEquals(Map.of(A, 9L), Received.resume(record, new Position(A, 9)), "the record of the join, and the offset");
  }

  @Test
  @DisplayName("an event of a room the socket did not join (a channel) is not tracked")
  void channelsAreNotTracked() {
    Received received = inA();
    received.written(new Position("user:u1", 3));
    assertEquals(new JsonArray(), received.toJson("u1", "/", Set.of(A, "user:u1")).getJsonArray("written"));
  }

  /** In room A from seq 5. */
  private static Received inA() {
    Received received = new Received();
    received.joined(A, 5);
    return received;
  }

  /** In room A from seq 5 and room B from seq 3, then written A's 6 and B's 4. */
  private static Received joinedBothThenGot46() {
    Received received = inA();
    received.joined(B, 3);
    received.written(new Position(A, 6));
    received.written(new Position(B, 4));
    return received;
  }
}
