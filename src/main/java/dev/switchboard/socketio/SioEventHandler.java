package dev.switchboard.socketio;

import io.vertx.core.json.JsonArray;

/** Receives a namespace socket's inbound events. */
@FunctionalInterface
public interface SioEventHandler {
  /**
   * @param args the event's arguments after its name; binary attachments are {@code Buffer}s in place of their placeholders
   * @param ack  answers the client, or null when it asked for no acknowledgement
   */
  void onEvent(String event, JsonArray args, SioAck ack);
}
