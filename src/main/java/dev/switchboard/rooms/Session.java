package dev.switchboard.rooms;

import dev.switchboard.auth.Principal;

/** One open client connection on this node, whatever its transport. */
public interface Session {

  String id();

  Principal principal();

  /** Turns a room event into this transport's frame; sessions sharing an encoder share the bytes. */
  FrameEncoder encoder();

  /** Writes an encoded frame; a session that cannot keep up closes itself rather than buffer without end. */
  void write(String frame);
}
