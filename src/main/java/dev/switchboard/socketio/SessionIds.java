package dev.switchboard.socketio;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Engine.IO session ids that name their owner: a short tag, random per {@link EngineIoServer},
 * then 120 random bits. Any node can read the tag off a sid it does not know and forward the
 * request to the server that handed it out, whose forward address carries the same tag. A tag is
 * new at every start, so a sid from a server that is gone names no one.
 */
final class SessionIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
  /** 48 bits: 8 characters; a collision among a cluster's few servers is out of reach. */
  private static final int TAG_BYTES = 6;
  static final int TAG_LENGTH = 8;
  /** 120 bits, 20 characters: the random part of a sid, and socket.io's socket ids. */
  private static final int RANDOM_BYTES = 15;
  private static final int RANDOM_LENGTH = 20;

  private final String tag;

  SessionIds() {
    this.tag = URL_SAFE.encodeToString(bytes(TAG_BYTES));
  }

  /** This server's tag. */
  String tag() {
    return tag;
  }

  /** A fresh session id of this server's. */
  String next() {
    return tag + randomId();
  }

  /** The tag of the server that handed out sid, or null when sid is not one of ours in form. */
  static String ownerTag(String sid) {
    if (sid.length() != TAG_LENGTH + RANDOM_LENGTH || !urlSafe(sid)) {
      return null;
    }
    return sid.substring(0, TAG_LENGTH);
  }

  /** 120 random bits, URL-safe. */
  static String randomId() {
    return URL_SAFE.encodeToString(bytes(RANDOM_BYTES));
  }

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Base64url's alphabet only: what a tag may be, so it is safe in an event-bus address. */
  private static boolean urlSafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
