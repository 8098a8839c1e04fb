package dev.switchboard.payload;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("Payload fields")
class FieldsTest {

  private static ErrorCode refusal(Runnable read) {
    return assertThrows(GatewayException.class, read::run).code();
  }

  @Test
  @DisplayName("ids are strings or whole numbers, read as decimal strings")
  void ids() {
    assertEquals("42", Fields.id(new JsonObject().put("roomId", 42), "roomId"));
    assertEquals("42", Fields.id(new JsonObject().put("roomId", 42.0), "roomId"));
    assertEquals("a-B_9", Fields.id(new JsonObject().put("roomId", "a-B_9"), "roomId"));
  }

  @Test
  @DisplayName("operators, fractions, blanks and odd characters are not ids")
  void notIds() {
    for (Object bad : new Object[]{new JsonObject().put("$ne", null), 1.5, "", "a b", "$gt", "x".repeat(65),
      new JsonArray().add(1), true, 1e20}) {
      assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.id(bad, "roomId")), String.valueOf(bad));
    }
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.id(new JsonObject(), "roomId")));
  }

  @Test
  @DisplayName("text must be non-blank and within the byte limit, counted in UTF-8")
  void text() {
    assertEquals("hi", Fields.text(new JsonObject().put("body", "hi"), "body", 8));
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.text(new JsonObject().put("body", "  "), "body", 8)));
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.text(new JsonObject().put("body", 5), "body", 8)));
    assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refusal(() -> Fields.text(new JsonObject().put("body", "123456789"), "body", 8)));
    // five characters, ten bytes
    assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refusal(() -> Fields.text(new JsonObject().put("body", "سلامم"), "body", 8)));
    assertNull(Fields.optionalText(new JsonObject(), "tempId", 8));
  }

  @Test
  @DisplayName("id lists drop duplicates and refuse non-ids")
  void idLists() {
    assertEquals(List.of("1", "2"), Fields.idList(new JsonObject().put("m", new JsonArray().add(1).add("2").add("1")), "m"));
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.idList(new JsonObject().put("m", "1"), "m")));
  }

  @Test
  @DisplayName("whole numbers are JSON numbers in range: text, fractions, infinities and huge numbers are refused, naming the field")
  void wholeNumbers() {
    assertEquals(10L, Fields.longIn(new JsonObject().put("limit", 10), "limit", 1, 100, 50));
    assertEquals(10L, Fields.longIn(new JsonObject().put("limit", 10.0), "limit", 1, 100, 50));
    assertEquals(50L, Fields.longIn(new JsonObject(), "limit", 1, 100, 50));
    assertEquals(Long.MAX_VALUE, Fields.longIn(new JsonObject().put("v", new BigInteger("9223372036854775807")), "v", 1, Long.MAX_VALUE, 1));
    for (Object bad : new Object[]{"10", " 10", 10.5, 0, 101, Double.POSITIVE_INFINITY, Double.NaN, new BigDecimal("1e400"),
      new BigInteger("18446744073709551626"), true, new JsonArray().add(10)}) {
      var refusal = assertThrows(GatewayException.class, () -> Fields.longIn(new JsonObject().put("limit", bad), "limit", 1, 100, 50));
      assertEquals(ErrorCode.INVALID_DATA, refusal.code(), String.valueOf(bad));
      assertEquals("limit must be a whole number from 1 to 100", refusal.text());
    }
    // what the JSON decoder makes of a number no double holds must not become Long.MAX_VALUE
    var huge = new JsonObject("{\"version\": 1e400}");
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.longIn(huge, "version", 1, Long.MAX_VALUE, 1)));
  }

  @Test
  @DisplayName("booleans, enumerations and unknown fields are checked")
  void others() {
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.bool(new JsonObject().put("b", "true"), "b")));
    assertEquals("online", Fields.oneOf(new JsonObject().put("s", "online"), "s", Set.of("online", "offline")));
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.oneOf(new JsonObject().put("s", "away"), "s", Set.of("online"))));
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.only(new JsonObject().put("x", 1), Set.of("y"))));
  }

  @Test
  @DisplayName("text and the names and texts of a data object must be well-formed: an unpaired surrogate is refused, a pair is kept")
  void unpairedSurrogates() {
    String lone = String.valueOf((char) 0xD800);
    String pair = new String(Character.toChars(0x1F600));
    assertEquals("ok " + pair, Fields.text(new JsonObject().put("body", "ok " + pair), "body", 100));
    for (String bad : List.of(lone, "a" + lone + "b", pair.substring(1), pair.charAt(0) + "x" + pair.charAt(1))) {
      var refusal = assertThrows(GatewayException.class, () -> Fields.text(new JsonObject().put("body", bad), "body", 100));
      assertEquals(ErrorCode.INVALID_DATA, refusal.code());
      assertEquals("body must be valid Unicode text (it has an unpaired surrogate)", refusal.text());
      assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.optionalText(new JsonObject().put("tempId", bad), "tempId", 100)));
    }
    var nested = new JsonObject().put("data", new JsonObject().put("list", new JsonArray().add(new JsonObject().put("x", lone))));
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.optionalObject(nested, "data")));
    var named = new JsonObject().put("data", new JsonObject().put(lone, 1));
    assertEquals(ErrorCode.INVALID_DATA, refusal(() -> Fields.optionalObject(named, "data")));
    var fine = new JsonObject().put("k" + pair, new JsonArray().add(pair));
    assertEquals(fine, Fields.optionalObject(new JsonObject().put("data", fine), "data"));
  }
}
