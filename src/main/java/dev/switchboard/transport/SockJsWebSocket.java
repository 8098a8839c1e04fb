package dev.switchboard.transport;

import dev.switchboard.payload.Unicode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * SockJS's WebSocket transport ({@code .../{server}/{session}/websocket}), the one the stock client
 * picks first, on a {@link RawWebSocket} instead of vertx-web's session over a Vert.x
 * {@code ServerWebSocket}: that pair keeps about 16 KB per idle connection and encodes every frame
 * per socket. The envelope is SockJS's: {@code o} once open, {@code h} as a heartbeat,
 * {@code a["..."]} around each bridge frame, {@code c[code,"reason"]} before closing. The client
 * sends a JSON array of strings (or one string), each a bridge frame.
 */
public final class SockJsWebSocket implements BridgeSocket {
  private static final String OPEN = "o";
  private static final String HEARTBEAT = "h";
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** A room event is enveloped once per event loop; its members' sockets then share its frame bytes. */
  private static final FastThreadLocal<String[]> LAST_ENVELOPE = new FastThreadLocal<>() {
    @Override
    protected String[] initialValue() {
      return new String[2];
    }
  };

  private final RawWebSocket socket;

  SockJsWebSocket(RawWebSocket socket) {
    this.socket = socket;
  }

  /** Answers the upgrade, as {@link RawWebSocket#accept} does, and opens the SockJS session. */
  public static SockJsWebSocket accept(HttpServerRequest request, int maxMessageBytes) {
    return new SockJsWebSocket(RawWebSocket.accept(request, maxMessageBytes, OPEN));
  }

  /**
   * Each bridge frame of a client message goes to {@code handler}. A message that is not SockJS's
   * JSON array of strings closes the connection with 1007, as vertx-web's transport closes it, and
   * so does a string with an unpaired surrogate (JSON escapes can make one), which no UTF-8 frame can carry.
   */
  public SockJsWebSocket handler(Handler<Buffer> handler) {
    socket.handler(message -> {
      List<String> frames = frames(message.toString());
      if (frames == null) {
        socket.close(WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), "INVALID_DATA: not a SockJS message of Unicode strings");
        return;
      }
      frames.forEach(frame -> handler.handle(Buffer.buffer(frame)));
    });
    return this;
  }

  public SockJsWebSocket closeHandler(Handler<Void> handler) {
    socket.closeHandler(handler);
    return this;
  }

  @Override
  public void write(String frame) {
    String[] last = LAST_ENVELOPE.get();
    // identity, as in RawWebSocket: the same event is the same instance for every member
    if (last[0] != frame) {
      last[0] = frame;
      last[1] = "a[" + quoted(frame) + "]";
    }
    socket.write(last[1]);
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** SockJS's close frame carries the code and reason the client reports; the WebSocket then closes normally. */
  @Override
  public void close(int code, String reason) {
    socket.write("c[" + code + "," + quoted(reason) + "]");
    socket.close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), reason);
  }

  @Override
  public void heartbeat() {
    socket.write(HEARTBEAT);
  }

  /**
   * The strings of a client message; an empty message or array holds none; null if it is not
   * SockJS's, or if a string is not well-formed Unicode.
   */
  public static List<String> frames(String message) {
    if (message.isEmpty()) {
      return List.of();
    }
    Object decoded;
    try {
      decoded = Json.decodeValue(message);
    } catch (DecodeException e) {
      return null;
    }
    if (decoded instanceof String single) {
      return Unicode.wellFormed(single) ? List.of(single) : null;
    }
    if (!(decoded instanceof JsonArray array)) {
      return null;
    }
    List<String> frames = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String frame) || !Unicode.wellFormed(frame)) {
        return null;
      }
      frames.add(frame);
    }
    return frames;
  }

  /**
   * A JSON string in which every character outside printable ASCII is a {@code \\u} escape, as
   * vertx-web's SockJS codec writes it: some browsers mangle the others on some transports.
   */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
