package dev.switchboard.fanout;

import dev.switchboard.auth.Principal;
import dev.switchboard.error.GatewayException;

/** One open client connection on this node, whatever its transport. */
public interface Session {

  String id();

  Principal principal();

  /** Turns a room event into this transport's frame; sessions sharing an encoder share the bytes. */
  FrameEncoder encoder();

  /** Writes an encoded frame; a session that cannot keep up closes itself rather than buffer without end. */
  void write(String frame);

  /**
   * Tells the client, in its protocol's form, that it no longer hears {@code address} and why (the
   * code and text a register would be refused with now); the registry has already dropped it.
   */
  void revoked(String address, GatewayException why);
}
