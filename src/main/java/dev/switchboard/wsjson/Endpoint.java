package dev.switchboard.wsjson;

import dev.switchboard.fanout.FrameEncoder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** One of seed 001's two WebSocket endpoints: what a socket hears, what it is told first, the events it sends. */
interface Endpoint {

  /** The endpoint's room events in seed 001's shapes, one instance for all its sockets on the node. */
  FrameEncoder encoder();

  /**
   * Subscribes a new socket to what it hears and writes what it is told first; {@code conversationId}
   * is the path's, or null. A failure ends the socket (see {@link WsJsonGateway}).
   */
  Future<Void> open(WsJsonSession session, String conversationId);

  /** Runs one client event, {@code {"type": type, ...}}; a failure is told as an {@code error} event. */
  Future<Void> handle(WsJsonSession session, String type, JsonObject event);
}
