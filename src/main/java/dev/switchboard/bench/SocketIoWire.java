package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Socket.IO v4 over Engine.IO v4, WebSocket transport only, against the peer server in
 * {@code src/bench/socketio-peer}: events {@code join {room}} (acknowledged) and
 * {@code broadcast {room, event, data}}. Engine.IO's server sends pings ({@code 2}); the client answers {@code 3}.
 */
final class SocketIoWire implements Wire {
  private static final String OPENED = "open";
  private static final String CONNECTED = "connect";

  private final AtomicLong ids = new AtomicLong();

  @Override
  public String uri(String token) {
    return "/socket.io/?EIO=4&transport=websocket";
  }

  /** Waits for Engine.IO's open packet, then connects to the default namespace. */
  @Override
  public Future<Void> handshake(Link link) {
    return link.expect(OPENED).compose(open -> link.request(CONNECTED, "40")).mapEmpty();
  }

  @Override
  public Future<Void> join(Link link, String room) {
    long id = ids.incrementAndGet();
    return link.request(Long.toString(id), "42" + id + "[\"join\"," + new JsonObject().put("room", room).encode() + "]")
      .mapEmpty();
  }

  @Override
  public String broadcast(String room, String data) {
    return "42[\"broadcast\",{\"room\":" + Json.encode(room) + ",\"event\":\"bench\",\"data\":" + data + "}]";
  }

  @Override
  public String store(String room, String text) {
    throw new UnsupportedOperationException("the Socket.IO peer stores nothing; persist runs against the gateway only");
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
      int bracket = text.indexOf('[');
      if (bracket < 0 || !link.answer(text.substring(2, bracket), text)) {
        link.unexpected(text);
      }
    } else if (text.startsWith("44")) {
      link.refuse(CONNECTED, "connect_error " + text.substring(2));
    } else {
      link.unexpected(text);
    }
  }
}
