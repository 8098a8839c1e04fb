package dev.switchboard.bench;

import io.vertx.core.Future;

/**
 * What one protocol says on a connection: how to open it, join a room, and the frames that carry
 * a stamped payload. Deliveries are found by their stamp (see {@link Stamps}); everything else a
 * server sends goes to {@link #control}.
 */
interface Wire {

  /** The path and query of the WebSocket upgrade. */
  String uri(String token);

  /**
   * The protocol's own opening (Socket.IO's namespace connect, with the token where the server
   * needs one); called before the socket connects, so it must only expect frames and answer them.
   * May complete at once.
   */
  Future<Void> handshake(Link link, String token);

  /** Subscribes the link to a room; completes once deliveries to the room reach it. */
  Future<Void> join(Link link, String room);

  /** A frame that makes the server deliver {@code data} (a JSON object) to every member of the room, without storing it. */
  String broadcast(String room, String data);

  /** A frame that stores chat text in the room before it is delivered, answered to the sender. */
  String store(String room, String text);

  /** The keep-alive frame the client sends periodically, or null when the server drives keep-alive. */
  String ping();

  /** Handles a frame that carried no stamp: replies, errors, protocol pings. */
  void control(Link link, String text);
}
