package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Socket.IO v4 over Engine.IO v4, WebSocket transport only, in one of two dialects: the peer server
 * in {@code src/bench/socketio-peer} (events {@code join {room}}, acknowledged, and
 * {@code broadcast {room, event, data}}), or the gateway's {@code /socket.io/} endpoint (the token
 * in the CONNECT's {@code auth}, {@code internal-chat:join {roomId}} acknowledged, and the bridge's
 * {@code broadcast} body). Engine.IO's server sends pings ({@code 2}); the client answers {@code 3}.
 */
final class SocketIoWire implements Wire {
  private static final String OPENED = "open";
  private static final String CONNECTED = "connect";
  /** An acknowledgement whose one argument is {@code {error: ...}}: the gateway refused the event. */
  private static final String REFUSED_ACK = "[{\"error\":";
  private static final String EVENT = "42";

  private final boolean gateway;
  private final AtomicLong ids = new AtomicLong();

  private SocketIoWire(boolean gateway) {
    this.gateway = gateway;
  }

  static SocketIoWire peer() {
    return new SocketIoWire(false);
  }

  static SocketIoWire gateway() {
    return new SocketIoWire(true);
  }

  @Override
  public String uri(String token) {
    return "/socket.io/?EIO=4&transport=websocket";
  }

  /** Waits for Engine.IO's open packet, then connects to the default namespace, with the token if there is one. */
  @Override
  public Future<Void> handshake(Link link, String token) {
    String connect = token == null ? "40" : "40" + new JsonObject().put("token", token).encode();
    return link.expect(OPENED).compose(open -> link.request(CONNECTED, connect)).mapEmpty();
  }

  @Override
  public Future<Void> join(Link link, String room) {
    long id = ids.incrementAndGet();
    JsonObject payload = gateway ? new JsonObject().put("roomId", room) : new JsonObject().put("room", room);
    String event = gateway ? "internal-chat:join" : "join";
    return link.request(Long.toString(id), "42" + id + "[" + Json.encode(event) + "," + payload.encode() + "]")
      .mapEmpty();
  }

  @Override
  public String broadcast(String room, String data) {
    String target = gateway ? "\"kind\":\"room\",\"id\":" : "\"room\":";
    return "42[\"broadcast\",{" + target + Json.encode(room) + ",\"event\":\"bench\",\"data\":" + data + "}]";
  }

  @Override
  public String store(String room, String text) {
    throw new UnsupportedOperationException("persist runs over the bridge only");
  }

  @Override
  public String ping() {
    return null;
  }

  @Override
  public void control(Link link, String text) {
    if (text.equals("2")) {
      link.send("3");
    } else if (text.startsWith("0")) {
      link.answer(OPENED, text);
    } else if (text.startsWith("40")) {
      link.answer(CONNECTED, text);
    } else if (text.startsWith("43")) {
      onAck(link, text);
    } else if (text.startsWith("44")) {
      link.refuse(CONNECTED, "connect_error " + text.substring(2));
    } else if (!gateway || !text.startsWith(EVENT)) {
      // from the gateway, an event is one every chat socket hears (user statuses, online lists)
      link.unexpected(text);
    }
  }

  private static void onAck(Link link, String text) {
    int bracket = text.indexOf('[');
    if (bracket < 0) {
      link.unexpected(text);
    } else if (text.startsWith(REFUSED_ACK, bracket)) {
      link.refuse(text.substring(2, bracket), "refused: " + text.substring(bracket));
    } else if (!link.answer(text.substring(2, bracket), text)) {
      link.unexpected(text);
    }
  }
}
