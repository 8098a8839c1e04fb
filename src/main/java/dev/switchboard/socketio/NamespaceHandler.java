package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Decides whether a client may join a namespace. */
@FunctionalInterface
public interface NamespaceHandler {
  /**
   * A client asks to join the namespace with its CONNECT payload (auth, or an empty object). Complete
   * with a JsonObject to connect: its fields are sent in the CONNECT reply besides "sid" (usually
   * none). Fail to refuse: the client gets CONNECT_ERROR with the failure's message, and with
   * {@link SocketIoRefusal#data()} when the failure is a refusal that has data. Events emitted on
   * the socket before the future completes are sent right after the CONNECT reply.
   */
  Future<JsonObject> connect(SioSocket socket, JsonObject auth);
}
