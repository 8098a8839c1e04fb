package dev.switchboard.fanout;

import io.vertx.core.buffer.Buffer;

/**
 * A transport's encoding of a room event, called once per node and event for all its sessions.
 * Frames are text: every transport here writes text frames.
 */
@FunctionalInterface
public interface FrameEncoder {

  /**
   * @param address the client-visible room address, e.g. {@code internal-chat:42}
   * @param event   the event name, e.g. {@code internal-chat:message}
   * @param payload the event's JSON payload, already encoded
   */
  String encode(String address, String event, Buffer payload);
}
