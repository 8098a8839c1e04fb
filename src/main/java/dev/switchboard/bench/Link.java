package dev.switchboard.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One generator connection. Its frames are scanned for stamps, which count on its channel; frames
 * without one go to its wire. Requests made during set-up wait here for their answer by id.
 */
final class Link {
  private final ClientWebSocket socket;
  private final Context context;
  private final Wire wire;
  private final Channel channel;
  private final Errors errors;
  private final Map<String, Promise<String>> pending = new ConcurrentHashMap<>();
  private volatile boolean closing;
  private long pingTimer = -1;

  private Link(ClientWebSocket socket, Context context, Wire wire, Channel channel, Errors errors) {
    this.socket = socket;
    this.context = context;
    this.wire = wire;
    this.channel = channel;
    this.errors = errors;
  }

  /**
   * Connects on {@code context}'s event loop (so connections spread over the loops), runs the
   * wire's handshake, joins {@code room} unless it is null, and starts keep-alive pings. With
   * {@code deflate} the connection fails unless the server accepted per-message deflate.
   */
  static Future<Link> open(WebSocketClient client, Context context, Target target, String token, String room,
                           Channel channel, Errors errors, long pingIntervalMs, boolean deflate) {
    ClientWebSocket socket = client.webSocket();
    Link link = new Link(socket, context, target.wire(), channel, errors);
    socket.handler(link::onFrame);
    socket.closeHandler(v -> link.onClose());
    var options = new WebSocketConnectOptions().setHost(target.host()).setPort(target.port())
      .setURI(target.wire().uri(token));
    // the handshake's first frame may come with the upgrade, so expect it before connecting
    Future<Void> handshake = link.wire.handshake(link, token);
    Promise<WebSocket> connected = Promise.promise();
    // a connection belongs to the context that opens it
    context.runOnContext(v -> socket.connect(options).onComplete(connected));
    return connected.future()
      .compose(ws -> deflate && !acceptsDeflate(ws) ? Future.failedFuture("the server did not accept per-message deflate")
        : handshake)
      .compose(v -> room == null ? Future.succeededFuture() : link.wire.join(link, room))
      .map(v -> {
        link.startPings(pingIntervalMs);
        return link;
      })
      .onFailure(e -> link.close());
  }

  private static boolean acceptsDeflate(WebSocket socket) {
    String extensions = socket.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
    return extensions != null && extensions.contains("permessage-deflate");
  }

  private void onFrame(Buffer frame) {
    if (Stamps.scan(frame, channel, Stamps.now()) == 0) {
      wire.control(this, frame.toString());
    }
  }

  private void onClose() {
    pending.values().forEach(p -> p.tryFail("the connection closed"));
    if (!closing) {
      errors.add("the server closed a connection: " + socket.closeStatusCode() + " " + socket.closeReason());
    }
  }

  private void startPings(long intervalMs) {
    String ping = wire.ping();
    if (ping != null) {
      // a random phase, so that thousands of connections do not ping in one burst
      context.runOnContext(v -> pingTimer = context.owner().setPeriodic(
        ThreadLocalRandom.current().nextLong(1, intervalMs), intervalMs, id -> send(ping)));
    }
  }

  /** Writes a frame; safe from any thread. */
  void send(String frame) {
    socket.writeTextMessage(frame).onFailure(e -> {
      if (!closing) {
        errors.add("write failed: " + e.getMessage());
      }
    });
  }

  /** Completes with the frame that {@link #answer} files under {@code id}. */
  Future<String> expect(String id) {
    Promise<String> answer = Promise.promise();
    pending.put(id, answer);
    return answer.future();
  }

  /** Sends {@code frame} and completes with its answer, filed under {@code id}. */
  Future<String> request(String id, String frame) {
    Future<String> answer = expect(id);
    send(frame);
    return answer;
  }

  /** Completes the request waiting under {@code id}; false when none was. */
  boolean answer(String id, String frame) {
    Promise<String> waiting = pending.remove(id);
    return waiting != null && waiting.tryComplete(frame);
  }

  /** Fails the request waiting under {@code id}, or counts an error if none was waiting. */
  void refuse(String id, String reason) {
    Promise<String> waiting = id == null ? null : pending.remove(id);
    if (waiting != null) {
      waiting.tryFail(reason);
    } else {
      errors.add(reason);
    }
  }

  void unexpected(String frame) {
    errors.add("unexpected frame: " + frame);
  }

  Future<Void> close() {
    closing = true;
    if (pingTimer >= 0) {
      context.owner().cancelTimer(pingTimer);
    }
    return socket.close().otherwiseEmpty().mapEmpty();
  }
}
