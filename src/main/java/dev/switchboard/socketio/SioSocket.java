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

  /**
   * Receives the client's events, the socket's end and its heartbeat: one listener, so a socket costs
   * one reference for all three rather than three handler objects.
   */
  SioSocket listener(Listener listener);

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
   * Ends the whole connection without DISCONNECT packets, as a lost connection ends: the client
   * reconnects by itself (and may recover its state).
   */
  void drop();

  /** Leaves the namespace (the client gets DISCONNECT); with closeConnection the whole Engine.IO connection closes too. */
  void disconnect(boolean closeConnection);

  /** What a namespace socket tells whoever serves it. */
  interface Listener {
    /**
     * A client event.
     *
     * @param args the event's arguments after its name; binary attachments are {@code Buffer}s in place of their placeholders
     * @param ack  answers the client, or null when it asked for no acknowledgement
     */
    void onEvent(String event, JsonArray args, SioAck ack);

    /** Told once, with socket.io's reason ("transport close", "ping timeout", "client namespace disconnect"...). */
    void onDisconnect(String reason);

    /**
     * Told with false when a ping is written, and with true when the client answers it: every packet
     * written to this socket before that ping has then reached the client.
     */
    default void onHeartbeat(boolean answered) {
    }
  }
}
