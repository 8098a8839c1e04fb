package dev.switchboard.socketio;

import io.vertx.core.json.JsonObject;

/** A refused namespace connection whose CONNECT_ERROR carries data besides the message. */
public class SocketIoRefusal extends RuntimeException {
  private final transient JsonObject data;

  public SocketIoRefusal(String message, JsonObject data) {
    super(message, null, false, false);
    this.data = data;
  }

  /** The CONNECT_ERROR's "data", or null for none. */
  public JsonObject data() {
    return data;
  }
}
