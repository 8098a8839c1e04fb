package dev.switchboard.socketio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * One Socket.IO v5 packet: {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]}.
 * Binary packets announce how many binary messages follow; their JSON holds
 * {@code {"_placeholder":true,"num":n}} where each goes. Decoding follows socket.io-parser's rules,
 * but stricter in two places: an event's first element must be a string name, and an event must
 * have data at all.
 *
 * @param ackId       the ack id, or {@link #NO_ACK}
 * @param data        JsonObject, JsonArray, String or null (none)
 * @param attachments the binary messages that follow a binary packet, 0 for others
 */
public record SocketIoPacket(Type type, String namespace, long ackId, Object data, int attachments) {
  public static final long NO_ACK = -1;
  public static final String DEFAULT_NAMESPACE = "/";
  /** Names a client may not send, as socket.io's reserved events: they mean something on either side. */
  static final Set<String> RESERVED_EVENTS =
    Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
  private static final String PLACEHOLDER = "_placeholder";
  private static final String NUM = "num";
  /** JavaScript's safe integers have 16 digits; an ack id that long cannot come from a real client. */
  private static final int MAX_ACK_DIGITS = 15;

  /** Socket.IO packet types; each one's ordinal is its digit on the wire. */
  public enum Type { CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    private static final Type[] BY_DIGIT = values();

    boolean isBinary() {
      return this == BINARY_EVENT || this == BINARY_ACK;
    }
  }

  /** A packet's text and, for a binary one, the attachments that follow it in order. */
  public record Encoded(String text, List<Buffer> attachments) {
  }

  /**
   * Decodes a packet's text (the Engine.IO message without its type).
   *
   * @throws ProtocolViolation for anything socket.io-parser would reject, and too many attachments
   */
  public static SocketIoPacket decode(String text, int maxAttachments) {
    if (text.isEmpty()) {
      throw new ProtocolViolation("empty packet");
    }
    int digit = text.charAt(0) - '0';
    if (digit < 0 || digit >= Type.BY_DIGIT.length) {
      throw new ProtocolViolation("unknown packet type");
    }
    Type type = Type.BY_DIGIT[digit];
    int i = 1;
    int attachments = 0;
    if (type.isBinary()) {
      int dash = text.indexOf('-', i);
      if (dash <= i || !digits(text, i, dash) || dash - i > 9) {
        throw new ProtocolViolation("illegal attachments");
      }
      attachments = Integer.parseInt(text, i, dash, 10);
      if (attachments > maxAttachments) {
        throw new ProtocolViolation("too many attachments");
      }
      i = dash + 1;
    }
    String namespace = DEFAULT_NAMESPACE;
    if (i < text.length() && text.charAt(i) == '/') {
      int comma = text.indexOf(',', i);
      int end = comma < 0 ? text.length() : comma;
      namespace = text.substring(i, end);
      i = comma < 0 ? end : end + 1;
    }
    long ackId = NO_ACK;
    int idEnd = i;
    while (idEnd < text.length() && isDigit(text.charAt(idEnd))) {
      idEnd++;
    }
    if (idEnd > i) {
      if (idEnd - i > MAX_ACK_DIGITS) {
        throw new ProtocolViolation("illegal ack id");
      }
      ackId = Long.parseLong(text, i, idEnd, 10);
      i = idEnd;
    }
    Object data = i < text.length() ? parseJson(text.substring(i)) : null;
    checkPayload(type, data);
    return new SocketIoPacket(type, namespace, ackId, data, attachments);
  }

  private static Object parseJson(String json) {
    try {
      Object value = Json.decodeValue(json);
      // JSON null is not a payload either: no type accepts it
      if (value == null) {
        throw new ProtocolViolation("invalid payload");
      }
      return value;
    } catch (DecodeException e) {
      throw new ProtocolViolation("invalid payload");
    }
  }

  private static void checkPayload(Type type, Object data) {
    boolean valid = switch (type) {
      case CONNECT -> data == null || data instanceof JsonObject;
      case DISCONNECT -> data == null;
      case CONNECT_ERROR -> data instanceof String || data instanceof JsonObject;
      case EVENT, BINARY_EVENT -> data instanceof JsonArray array && !array.isEmpty()
        && array.getValue(0) instanceof String name && !RESERVED_EVENTS.contains(name);
      case ACK, BINARY_ACK -> data == null || data instanceof JsonArray;
    };
    if (!valid) {
      throw new ProtocolViolation("invalid payload");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Encodes a packet; an EVENT or ACK whose data holds Buffers (at any depth) becomes a BINARY_EVENT
   * or BINARY_ACK with placeholders in their place.
   */
  public static Encoded encode(Type type, String namespace, long ackId, Object data) {
    List<Buffer> buffers = new ArrayList<>(0);
    Object json = data == null ? null : withPlaceholders(data, buffers);
    Type wireType = buffers.isEmpty() ? type : type == Type.EVENT ? Type.BINARY_EVENT : type == Type.ACK ? Type.BINARY_ACK : type;
    StringBuilder text = new StringBuilder().append((char) ('0' + wireType.ordinal()));
    if (wireType.isBinary()) {
      text.append(buffers.size()).append('-');
    }
    appendNamespace(text, namespace);
    if (ackId != NO_ACK) {
      text.append(ackId);
    }
    if (json != null) {
      text.append(json instanceof String s ? Json.encode(s) : json.toString());
    }
    return new Encoded(text.toString(), buffers);
  }

  /**
   * The Engine.IO message text of an EVENT: {@code 42["ev",<payload>]}, or {@code 42/chat,["ev",<payload>]}
   * outside the default namespace. Encoded once, it can be written to many sockets.
   *
   * @param jsonPayloadText the event's one argument, already JSON
   */
  public static String encodeEvent(String namespace, String event, String jsonPayloadText) {
    return encodeEvent(namespace, event, jsonPayloadText, null);
  }

  /**
   * Like {@link #encodeEvent(String, String, String)}, with connection state recovery's offset as a
   * last string argument, where the client reads it ({@code 42["ev",<payload>,"<offset>"]}); null: none.
   */
  public static String encodeEvent(String namespace, String event, String jsonPayloadText, String offset) {
    StringBuilder text = new StringBuilder(jsonPayloadText.length() + event.length() + 40).append("42");
    appendNamespace(text, namespace);
    text.append('[').append(Json.encode(event)).append(',').append(jsonPayloadText);
    if (offset != null) {
      text.append(',').append(Json.encode(offset));
    }
    return text.append(']').toString();
  }

  private static void appendNamespace(StringBuilder text, String namespace) {
    if (!DEFAULT_NAMESPACE.equals(namespace)) {
      text.append(namespace).append(',');
    }
  }

  /** Raw values throughout: Vert.x's JSON getters and iterators turn a Buffer into its base64. */
  private static Object withPlaceholders(Object value, List<Buffer> buffers) {
    if (value instanceof Buffer buffer) {
      JsonObject placeholder = new JsonObject().put(PLACEHOLDER, true).put(NUM, buffers.size());
      buffers.add(buffer);
      return placeholder;
    }
    List<?> list = value instanceof JsonArray array ? array.getList() : value instanceof List<?> raw ? raw : null;
    if (list != null) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(withPlaceholders(element, buffers)));
      return new JsonArray(copy);
    }
    Map<?, ?> map = value instanceof JsonObject object ? object.getMap() : value instanceof Map<?, ?> raw ? raw : null;
    if (map != null) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, field) -> copy.put((String) key, withPlaceholders(field, buffers)));
      return new JsonObject(copy);
    }
    return value;
  }

  /**
   * Puts the attachments in place of their placeholders, at any depth, in the decoded data itself.
   * Read them with {@code getBuffer} or the raw {@code getList()}: Vert.x's other getters give base64.
   *
   * @throws ProtocolViolation when a placeholder's num is not one of them
   */
  @SuppressWarnings("unchecked")
  public static Object reconstruct(Object data, List<Buffer> attachments) {
    Map<String, Object> map = data instanceof JsonObject object ? object.getMap() : data instanceof Map<?, ?> raw ? (Map<String, Object>) raw : null;
    if (map != null) {
      if (Boolean.TRUE.equals(map.get(PLACEHOLDER))) {
        if (map.get(NUM) instanceof Integer num && num >= 0 && num < attachments.size()) {
          return attachments.get(num);
        }
        throw new ProtocolViolation("illegal attachments");
      }
      map.entrySet().forEach(field -> field.setValue(reconstruct(field.getValue(), attachments)));
      return data;
    }
    List<Object> list = data instanceof JsonArray array ? array.getList() : data instanceof List<?> raw ? (List<Object>) raw : null;
    if (list != null) {
      list.replaceAll(element -> reconstruct(element, attachments));
    }
    return data;
  }
}
