package dev.switchboard.payload;

import dev.switchboard.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed getters for request payloads. Each one either returns a clean value or throws an
 * {@code INVALID_DATA} (or {@code PAYLOAD_TOO_LARGE}) failure that names the field, so nothing
 * unchecked, such as a Mongo operator object in place of an id, travels further than the edge.
 */
public final class Fields {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_:.-]{1,64}");

  private Fields() {
  }

  /** An id given as a string or as a whole JSON number (read as its decimal string). */
  public static String id(JsonObject json, String field) {
    return id(json.getValue(field), field);
  }

  public static String id(Object value, String field) {
    String id;
    if (value instanceof String s) {
      id = s;
    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
      && Math.abs(n.doubleValue()) < 1e15) {
      id = Long.toString(n.longValue());
    } else {
      throw ErrorCode.INVALID_DATA.exception(field + " must be a string or a whole number");
    }
    if (!ID.matcher(id).matches()) {
      throw ErrorCode.INVALID_DATA.exception(field + " must be 1 to 64 letters, digits, '-' or '_'");
    }
    return id;
  }

  public static List<String> idList(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw ErrorCode.INVALID_DATA.exception(field + " must be an array of ids");
    }
    List<String> ids = new ArrayList<>();
    for (Object value : array) {
      String id = id(value, field);
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * Non-blank text of at most {@code maxBytes} UTF-8 bytes, without an unpaired surrogate: every
   * domain reads client text here, so text that would be stored as something else is refused for
   * the bridge, Socket.IO and REST alike.
   */
  public static String text(JsonObject json, String field, int maxBytes) {
    if (!(json.getValue(field) instanceof String s) || s.isBlank()) {
      throw ErrorCode.INVALID_DATA.exception(field + " must be a non-empty string");
    }
    requireWellFormed(s, field);
    if (s.length() > maxBytes || s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw ErrorCode.PAYLOAD_TOO_LARGE.exception(field + " is larger than " + maxBytes + " bytes");
    }
    return s;
  }

  /** Like {@link #text} but absent or null is allowed and gives null. */
  public static String optionalText(JsonObject json, String field, int maxBytes) {
    return json.getValue(field) == null ? null : text(json, field, maxBytes);
  }

  public static boolean bool(JsonObject json, String field) {
    if (json.getValue(field) instanceof Boolean b) {
      return b;
    }
    throw ErrorCode.INVALID_DATA.exception(field + " must be true or false");
  }

  public static String oneOf(JsonObject json, String field, Set<String> allowed) {
    if (json.getValue(field) instanceof String s && allowed.contains(s)) {
      return s;
    }
    throw ErrorCode.INVALID_DATA.exception(field + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
  }

  /** An event name: 1 to 64 letters, digits, '_', ':', '.' or '-'. */
  public static String eventName(JsonObject json, String field) {
    if (json.getValue(field) instanceof String s && EVENT.matcher(s).matches()) {
      return s;
    }
    throw ErrorCode.INVALID_DATA.exception(field + " must be 1 to 64 letters, digits, '_', ':', '.' or '-'");
  }

  /** An optional JSON object, whose names and texts are well-formed as {@link #text}'s; absent or null gives an empty one. */
  public static JsonObject optionalObject(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      requireWellFormed(object, field);
      return object;
    }
    throw ErrorCode.INVALID_DATA.exception(field + " must be a JSON object");
  }

  /** Every text in a JSON value, object names included, is well-formed Unicode. */
  private static void requireWellFormed(Object value, String field) {
    if (value instanceof String text && !Unicode.wellFormed(text)) {
      throw ErrorCode.INVALID_DATA.exception(field + " must be valid Unicode text (it has an unpaired surrogate)");
    } else if (value instanceof JsonObject object) {
      object.forEach(entry -> {
        requireWellFormed(entry.getKey(), field);
        requireWellFormed(entry.getValue(), field);
      });
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> requireWellFormed(item, field));
    }
  }

  /** An optional id: absent or null gives null. */
  public static String optionalId(JsonObject json, String field) {
    return json.getValue(field) == null ? null : id(json, field);
  }

  /** An optional constant of {@code type}, named exactly; absent or null gives null. */
  public static <E extends Enum<E>> E optionalEnum(JsonObject json, String field, Class<E> type) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    throw ErrorCode.INVALID_DATA.exception(field + " must be one of "
      + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
  }

  /**
   * A whole number from {@code min} to {@code max}, given as a JSON number; absent or null gives
   * {@code fallback}. Text ({@code "10"}), fractions, and numbers beyond the range (even when JSON
   * decoding made them infinite, as {@code 1e400}, or a {@code BigInteger}) are refused rather than
   * converted or clamped: a clamped version would compare as a conflict instead of bad input. Text
   * from a URL is turned into numbers at the REST edge, not here.
   */
  public static long longIn(JsonObject json, String field, long min, long max, long fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    BigDecimal number = exact(value);
    if (number == null || number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw ErrorCode.INVALID_DATA.exception(field + " must be a whole number from " + min + " to " + max);
    }
    return number.longValueExact();
  }

  /** The exact value of a whole, finite JSON number; null for anything else. */
  private static BigDecimal exact(Object value) {
    BigDecimal number = null;
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      number = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger b) {
      number = new BigDecimal(b);
    } else if (value instanceof BigDecimal d) {
      number = d;
    } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
      number = new BigDecimal(((Number) value).doubleValue());
    }
    return number != null && (number.signum() == 0 || number.stripTrailingZeros().scale() <= 0) ? number : null;
  }

  /**
   * A page of messages from {@code before} (back from there) or {@code after} (forward from there,
   * to catch up), not both; neither: the newest. {@code limit} from 1 to {@code maxPage}.
   */
  public static SeqRange seqRange(JsonObject query, int maxPage, int defaultPage) {
    int limit = (int) longIn(query, "limit", 1, maxPage, defaultPage);
    if (query.getValue("after") != null) {
      if (query.getValue("before") != null) {
        throw ErrorCode.INVALID_DATA.exception("give before or after, not both");
      }
      return SeqRange.after(longIn(query, "after", 0, Long.MAX_VALUE - 1, 0), limit);
    }
    return SeqRange.before(longIn(query, "before", 1, Long.MAX_VALUE, Long.MAX_VALUE), limit);
  }

  /** Rejects fields the request does not define, so nothing unknown is ever stored. */
  public static void only(JsonObject json, Set<String> known) {
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw ErrorCode.INVALID_DATA.exception("unknown field '" + field + "'");
      }
    }
  }
}
