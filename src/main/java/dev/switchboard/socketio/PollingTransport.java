package dev.switchboard.socketio;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine.IO's HTTP long-polling: a GET waits until there is something to send, a POST carries the
 * client's packets; one of each at a time, and a second one closes the session. Unfetched packets
 * wait here, text as their encoded String and binary as a Buffer.
 */
final class PollingTransport {
  private static final int OK = 200;
  private static final String TEXT = "text/plain; charset=UTF-8";
  /** As socket.io's server answers a POST. */
  private static final String POSTED_TYPE = "text/html";
  private static final String POST_ACCEPTED = "ok";
  private static final String NOOP = String.valueOf(EnginePacket.Type.NOOP.digit());
  private static final String CLOSE = String.valueOf(EnginePacket.Type.CLOSE.digit());
  private static final long NO_TIMER = -1;

  private final EngineSocket socket;
  private final int maxPayload;
  private final List<Object> unsent = new ArrayList<>(2);
  /** Roughly the characters waiting, for back-pressure. */
  private long unsentLength;
  private PollExchange pendingPoll;
  private boolean posting;
  private boolean closed;
  /** Once closed, the timer after which the session stops waiting for a poll to fetch its last packets. */
  private long lingerTimer = NO_TIMER;

  PollingTransport(EngineSocket socket, int maxPayload) {
    this.socket = socket;
    this.maxPayload = maxPayload;
  }

  static void respond(HttpServerResponse response, String payload) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(payload);
  }

  void onRequest(PollExchange exchange) {
    if (exchange.method() == HttpMethod.GET) {
      onPoll(exchange);
    } else if (exchange.method() == HttpMethod.POST && !closed) {
      onPost(exchange);
    } else {
      EngineError.BAD_REQUEST.send(exchange);
    }
  }

  void add(Object packet) {
    unsent.add(packet);
    unsentLength += packet instanceof Buffer data ? data.length() : ((String) packet).length();
    if (pendingPoll != null) {
      PollExchange poll = pendingPoll;
      pendingPoll = null;
      flush(poll);
    }
  }

  boolean backlogged() {
    return unsentLength > maxPayload;
  }

  /** Ends a pending poll with a noop, so that an upgrading client can go on. */
  void endPendingPoll() {
    if (pendingPoll != null) {
      add(NOOP);
    }
  }

  /**
   * The upgrade is done: what polls had not fetched goes on the WebSocket, and a poll still pending
   * (a client that did not wait for it) is refused as later ones are.
   */
  List<Object> discard() {
    List<Object> rest = new ArrayList<>(unsent);
    unsent.clear();
    if (pendingPoll != null) {
      PollExchange poll = pendingPoll;
      pendingPoll = null;
      EngineError.BAD_REQUEST.send(poll);
    }
    closed = true;
    return rest;
  }

  /**
   * The session closes. A close the server asked for is sent after what waits, and the session
   * lingers (true) until a poll fetches it; the client's own close packet ends a pending poll with
   * a noop; other closes end it with a close packet and drop what waits.
   */
  boolean close(String reason) {
    closed = true;
    if (DisconnectReason.byServer(reason)) {
      unsent.add(CLOSE);
      if (pendingPoll == null) {
        return true;
      }
      PollExchange poll = pendingPoll;
      pendingPoll = null;
      flush(poll);
      return false;
    }
    unsent.clear();
    if (pendingPoll != null) {
      PollExchange poll = pendingPoll;
      pendingPoll = null;
      poll.respond(OK, TEXT, DisconnectReason.TRANSPORT_CLOSE.equals(reason) ? NOOP : CLOSE);
    }
    return false;
  }

  /** The session closed with packets left: it waits at most {@code ms} for a poll to fetch them. */
  void lingerFor(Vertx vertx, long ms) {
    lingerTimer = vertx.setTimer(ms, timer -> socket.delivered());
  }

  void stopLingering(Vertx vertx) {
    vertx.cancelTimer(lingerTimer);
  }

  private void onPoll(PollExchange poll) {
    if (pendingPoll != null) {
      EngineError.BAD_REQUEST.send(poll);
      socket.close(DisconnectReason.TRANSPORT_ERROR);
      return;
    }
    if (!unsent.isEmpty()) {
      flush(poll);
      if (closed) {
        socket.delivered();
      }
    } else if (closed) {
      EngineError.BAD_REQUEST.send(poll);
    } else {
      pendingPoll = poll;
      poll.droppedHandler(() -> onPollDropped(poll));
    }
  }

  private void onPollDropped(PollExchange poll) {
    if (pendingPoll == poll) {
      pendingPoll = null;
      socket.close(DisconnectReason.TRANSPORT_ERROR);
    }
  }

  private void flush(PollExchange poll) {
    StringBuilder payload = new StringBuilder((int) Math.min(unsentLength + unsent.size(), Integer.MAX_VALUE));
    for (Object packet : unsent) {
      if (payload.length() > 0) {
        payload.append(EnginePacket.SEPARATOR);
      }
      payload.append(packet instanceof Buffer data ? EnginePacket.encodePollingBinary(data) : (String) packet);
    }
    unsent.clear();
    unsentLength = 0;
    poll.respond(OK, TEXT, payload.toString());
  }

  private void onPost(PollExchange post) {
    if (posting) {
      EngineError.BAD_REQUEST.send(post);
      socket.close(DisconnectReason.TRANSPORT_ERROR);
      return;
    }
    posting = true;
    post.body(maxPayload).onComplete(body -> onPostBody(post, body));
  }

  private void onPostBody(PollExchange post, AsyncResult<Buffer> body) {
    posting = false;
    if (body.failed()) {
      if (body.cause() instanceof PollExchange.PayloadTooLarge) {
        post.refuseTooLarge();
        socket.close(DisconnectReason.TRANSPORT_ERROR);
      }
      return;
    }
    if (post.answered() || closed) {
      return;
    }
    List<EnginePacket> packets;
    try {
      packets = EnginePacket.decodePayload(body.result().toString(StandardCharsets.UTF_8));
    } catch (ProtocolViolation e) {
      EngineError.BAD_REQUEST.send(post);
      socket.close(DisconnectReason.PARSE_ERROR);
      return;
    }
    post.respond(OK, POSTED_TYPE, POST_ACCEPTED);
    for (EnginePacket packet : packets) {
      if (!socket.isOpen()) {
        return;
      }
      socket.onPacket(packet);
    }
  }
}
