package dev.switchboard.socketio;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Engine.IO's HTTP errors: status 400 with {@code {"code":n,"message":...}}. */
enum EngineError {
  TRANSPORT_UNKNOWN("Transport unknown"),
  UNKNOWN_SID("Session ID unknown"),
  BAD_HANDSHAKE_METHOD("Bad handshake method"),
  BAD_REQUEST("Bad request"),
  FORBIDDEN("Forbidden"),
  UNSUPPORTED_PROTOCOL_VERSION("Unsupported protocol version");

  private static final int BAD_REQUEST_STATUS = 400;
  private static final String JSON = "application/json";
  private final String body;

  EngineError(String message) {
    // the ordinal is the code on the wire
    this.body = new JsonObject().put("code", ordinal()).put("message", message).encode();
  }

  void send(HttpServerResponse response) {
    response.setStatusCode(BAD_REQUEST_STATUS).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  void send(PollExchange exchange) {
    exchange.respond(BAD_REQUEST_STATUS, JSON, body);
  }
}
