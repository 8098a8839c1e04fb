package dev.switchboard.socketio;

/** Answers a client's event that asked for an acknowledgement; only the first reply is sent. */
@FunctionalInterface
public interface SioAck {
  /** Args as for {@link SioSocket#emit}. */
  void reply(Object... args);
}
