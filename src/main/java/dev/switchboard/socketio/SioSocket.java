package dev.switchboard.socketio;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;

/** A client's connection to one namespace, over an Engine.IO connection that may carry several. */
public interface SioSocket {
  /** The namespace socket id sent in the CONNECT reply. */
  String id();

  String namespace();

  /** The request that opened the Engine.IO connection. */
  SioHandshake handshake();

  /** "polling" or "websocket", the transport now. */
  String transport();

  /** Receives the client's events. */
  SioSocket eventHandler(SioEventHandler handler);

  /** Told once, with socket.io's reason ("transport close", "ping timeout", "client namespace disconnect"...). */
  SioSocket disconnectHandler(Handler<String> reasonHandler);

  /** Sends an event; args are JsonObject, JsonArray, String, Number, Boolean, null or Buffer (sent as binary attachments). */
  void emit(String event, Object... args);

  /** Sends an event the client acknowledges; the handler gets the ack's arguments. */
  void emitWithAck(String event, Handler<JsonArray> ackHandler, Object... args);

  /**
   * Writes a pre-encoded Engine.IO message text (e.g. {@code 42["ev",{...}]}, see
   * {@link SocketIoPacket#encodeEvent}) as is. The same String written to many sockets in a row is
   * framed once for all the WebSocket ones.
   */
  void writeEncoded(String engineText);

  /** Whether the client is not keeping up and writes are piling up. */
  boolean writeQueueFull();

  /**
   * Told with false when a ping is written, and with true when the client answers it: every packet
   * written to this socket before that ping has then reached the client.
   */
  SioSocket heartbeatHandler(Handler<Boolean> handler);

  /**
   * Ends the whole connection without DISCONNECT packets, as a lost connection ends: the client
   * reconnects by itself (and may recover its state).
   */
  void drop();

  /** Leaves the namespace (the client gets DISCONNECT); with closeConnection the whole Engine.IO connection closes too. */
  void disconnect(boolean closeConnection);
}
