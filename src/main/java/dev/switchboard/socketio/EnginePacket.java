package dev.switchboard.socketio;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One Engine.IO v4 packet: a type and either text or, for binary messages, bytes. On a WebSocket a
 * text packet is one text frame, the type's digit then the data, and a binary message is a raw
 * binary frame; on polling a payload is packets separated by {@link #SEPARATOR}, binary ones as
 * {@code b} and their base64.
 */
public record EnginePacket(Type type, String text, Buffer binary) {
  /** The record separator between the packets of a polling payload. */
  public static final char SEPARATOR = '\u001e';
  private static final char BINARY_PREFIX = 'b';

  /** Engine.IO packet types; each one's ordinal is its digit on the wire. */
  public enum Type { OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

    private static final Type[] BY_DIGIT = values();

    /** The wire digit as a character. */
    public char digit() {
      return (char) ('0' + ordinal());
    }
  }

  /** A text packet. */
  public static EnginePacket text(Type type, String text) {
    return new EnginePacket(type, text, null);
  }

  /** A binary message. */
  public static EnginePacket binary(Buffer data) {
    return new EnginePacket(Type.MESSAGE, null, data);
  }

  public boolean isBinary() {
    return binary != null;
  }

  /**
   * Decodes a WebSocket text frame or one packet of a polling payload (not a binary one).
   *
   * @throws ProtocolViolation when it is empty or its type is not a packet type
   */
  public static EnginePacket decodeText(String frame) {
    if (frame.isEmpty()) {
      throw new ProtocolViolation("empty packet");
    }
    int digit = frame.charAt(0) - '0';
    if (digit < 0 || digit >= Type.BY_DIGIT.length) {
      throw new ProtocolViolation("unknown packet type '" + frame.charAt(0) + "'");
    }
    return text(Type.BY_DIGIT[digit], frame.substring(1));
  }

  /** The packet as a WebSocket text frame; binary messages are sent as binary frames instead. */
  public String encodeText() {
    return type.digit() + text;
  }

  /**
   * Splits a polling payload into its packets.
   *
   * @throws ProtocolViolation when a packet is empty, has no valid type or bad base64
   */
  public static List<EnginePacket> decodePayload(String payload) {
    List<EnginePacket> packets = new ArrayList<>(1);
    int start = 0;
    while (true) {
      int end = payload.indexOf(SEPARATOR, start);
      String part = payload.substring(start, end < 0 ? payload.length() : end);
      packets.add(decodePollingPacket(part));
      if (end < 0) {
        return packets;
      }
      start = end + 1;
    }
  }

  private static EnginePacket decodePollingPacket(String part) {
    if (!part.isEmpty() && part.charAt(0) == BINARY_PREFIX) {
      try {
        return binary(Buffer.buffer(Base64.getDecoder().decode(part.substring(1))));
      } catch (IllegalArgumentException e) {
        throw new ProtocolViolation("bad base64 in a binary packet");
      }
    }
    return decodeText(part);
  }

  /** The packet as one part of a polling payload. */
  public String encodePolling() {
    return isBinary() ? encodePollingBinary(binary) : encodeText();
  }

  /** A binary message as one part of a polling payload. */
  public static String encodePollingBinary(Buffer data) {
    return BINARY_PREFIX + Base64.getEncoder().encodeToString(data.getBytes());
  }

  /** Joins already encoded parts into a polling payload. */
  public static String joinPayload(List<String> parts) {
    return String.join(String.valueOf(SEPARATOR), parts);
  }
}
