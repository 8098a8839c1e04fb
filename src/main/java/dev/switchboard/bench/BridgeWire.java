package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's event-bus bridge frames, either one per WebSocket message ({@code /eventbus/websocket})
 * or inside SockJS's framing ({@code o}, {@code h}, {@code a[...]} from the server, {@code [...]} to it).
 */
final class BridgeWire implements Wire {
  /** The reply address of stored messages: their stamp identifies them, so one address serves all. */
  static final String STORED_REPLY = "stored";
  private static final String PING = "{\"type\":\"ping\"}";

  private final boolean sockJs;
  private final AtomicLong ids = new AtomicLong();

  BridgeWire(boolean sockJs) {
    this.sockJs = sockJs;
  }

  @Override
  public String uri(String token) {
    String path = sockJs
      ? "/eventbus/" + ThreadLocalRandom.current().nextInt(100, 1000) + "/" + UUID.randomUUID() + "/websocket"
      : "/eventbus/websocket";
    return path + "?token=" + token;
  }

  @Override
  public Future<Void> handshake(Link link, String token) {
    return Future.succeededFuture();
  }

  /** Registers, then sends {@code internal-chat:join}: the server answers it only after the register took effect. */
  @Override
  public Future<Void> join(Link link, String room) {
    link.send(frame(new JsonObject().put("type", "register").put("address", "internal-chat:" + room).encode()));
    String replyAddress = "j" + ids.incrementAndGet();
    String join = new JsonObject().put("type", "send").put("address", "internal-chat:join")
      .put("body", new JsonObject().put("roomId", room)).put("replyAddress", replyAddress).encode();
    return link.request(replyAddress, frame(join)).mapEmpty();
  }

  @Override
  public String broadcast(String room, String data) {
    return frame("{\"type\":\"send\",\"address\":\"broadcast\",\"body\":{\"kind\":\"room\",\"id\":" + Json.encode(room)
      + ",\"event\":\"bench\",\"data\":" + data + "}}");
  }

  @Override
  public String store(String room, String text) {
    return frame(new JsonObject().put("type", "send").put("address", "internal-chat:message")
      .put("body", new JsonObject().put("roomId", room).put("body", text)).put("replyAddress", STORED_REPLY).encode());
  }

  @Override
  public String ping() {
    return frame(PING);
  }

  @Override
  public void control(Link link, String text) {
    for (String frame : unwrap(text)) {
      JsonObject json = new JsonObject(frame);
      String address = json.getString("address");
      if ("err".equals(json.getString("type"))) {
        link.refuse(address, "err on " + address + ": " + json.getString("message"));
      } else if (address == null || !link.answer(address, frame)) {
        link.unexpected(frame);
      }
    }
  }

  private String frame(String json) {
    return sockJs ? "[" + Json.encode(json) + "]" : json;
  }

  /** The bridge frames in one WebSocket message: SockJS's open and heartbeat frames carry none. */
  private List<String> unwrap(String text) {
    if (!sockJs) {
      return List.of(text);
    }
    return switch (text.isEmpty() ? ' ' : text.charAt(0)) {
      case 'o', 'h' -> List.of();
      case 'a' -> new JsonArray(text.substring(1)).stream().map(String.class::cast).toList();
      default -> List.of("{\"type\":\"err\",\"message\":" + Json.encode("SockJS frame " + text) + "}");
    };
  }
}
