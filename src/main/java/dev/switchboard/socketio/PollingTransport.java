package dev.switchboard.socketio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
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
  private static final String TEXT = "text/plain; charset=UTF-8";
  private static final String POST_ACCEPTED = "ok";
  private static final String NOOP = String.valueOf(EnginePacket.Type.NOOP.digit());
  private static final String CLOSE = String.valueOf(EnginePacket.Type.CLOSE.digit());
  private static final int PAYLOAD_TOO_LARGE = 413;

  private final EngineSocket socket;
  private final int maxPayload;
  private final List<Object> unsent = new ArrayList<>(2);
  /** Roughly the characters waiting, for back-pressure. */
  private long unsentLength;
  private HttpServerResponse pendingPoll;
  private boolean posting;
  private boolean closed;

  PollingTransport(EngineSocket socket, int maxPayload) {
    this.socket = socket;
    this.maxPayload = maxPayload;
  }

  static void respond(HttpServerResponse response, String payload) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(payload);
  }

  void onRequest(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET) {
      onPoll(request.response());
    } else if (request.method() == HttpMethod.POST && !closed) {
      onPost(request);
    } else {
      EngineError.BAD_REQUEST.send(request.response());
    }
  }

  void add(Object packet) {
    unsent.add(packet);
    unsentLength += packet instanceof Buffer data ? data.length() : ((String) packet).length();
    if (pendingPoll != null) {
      HttpServerResponse poll = pendingPoll;
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
      HttpServerResponse poll = pendingPoll;
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
      HttpServerResponse poll = pendingPoll;
      pendingPoll = null;
      flush(poll);
      return false;
    }
    unsent.clear();
    if (pendingPoll != null) {
      HttpServerResponse poll = pendingPoll;
      pendingPoll = null;
      respond(poll, DisconnectReason.TRANSPORT_CLOSE.equals(reason) ? NOOP : CLOSE);
    }
    return false;
  }

  private void onPoll(HttpServerResponse response) {
    if (pendingPoll != null) {
      EngineError.BAD_REQUEST.send(response);
      socket.close(DisconnectReason.TRANSPORT_ERROR);
      return;
    }
    if (!unsent.isEmpty()) {
      flush(response);
      if (closed) {
        socket.delivered();
      }
    } else if (closed) {
      EngineError.BAD_REQUEST.send(response);
    } else {
      pendingPoll = response;
      response.closeHandler(v -> onPollDropped(response));
    }
  }

  private void onPollDropped(HttpServerResponse response) {
    if (pendingPoll == response) {
      pendingPoll = null;
      socket.close(DisconnectReason.TRANSPORT_ERROR);
    }
  }

  private void flush(HttpServerResponse response) {
    StringBuilder payload = new StringBuilder((int) Math.min(unsentLength + unsent.size(), Integer.MAX_VALUE));
    for (Object packet : unsent) {
      if (payload.length() > 0) {
        payload.append(EnginePacket.SEPARATOR);
      }
      payload.append(packet instanceof Buffer data ? EnginePacket.encodePollingBinary(data) : (String) packet);
    }
    unsent.clear();
    unsentLength = 0;
    respond(response, payload.toString());
  }

  private void onPost(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (posting) {
      EngineError.BAD_REQUEST.send(response);
      socket.close(DisconnectReason.TRANSPORT_ERROR);
      return;
    }
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && declared.length() > 10 || declared != null && Long.parseLong(declared) > maxPayload) {
      tooLarge(request);
      return;
    }
    posting = true;
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > maxPayload) {
        tooLarge(request);
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> onPostBody(request, body));
    request.exceptionHandler(e -> posting = false);
    request.resume();
  }

  private void tooLarge(HttpServerRequest request) {
    posting = false;
    if (!request.response().ended()) {
      request.response().setStatusCode(PAYLOAD_TOO_LARGE).end();
      // the rest of the body is not read: the connection goes with it
      request.connection().close();
    }
    socket.close(DisconnectReason.TRANSPORT_ERROR);
  }

  private void onPostBody(HttpServerRequest request, Buffer body) {
    posting = false;
    if (request.response().ended() || closed) {
      return;
    }
    List<EnginePacket> packets;
    try {
      packets = EnginePacket.decodePayload(body.toString(StandardCharsets.UTF_8));
    } catch (ProtocolViolation e) {
      EngineError.BAD_REQUEST.send(request.response());
      socket.close(DisconnectReason.PARSE_ERROR);
      return;
    }
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html").end(POST_ACCEPTED);
    for (EnginePacket packet : packets) {
      if (!socket.isOpen()) {
        return;
      }
      socket.onPacket(packet);
    }
  }
}
