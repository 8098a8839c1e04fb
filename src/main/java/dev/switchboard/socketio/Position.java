package dev.switchboard.socketio;

/**
 * Where a stored event stands: its room and its seq there. As a Socket.IO recovery offset it is
 * {@code room#seq}; a client reports the offset of the last such event it received.
 */
record Position(String room, long seq) {
  private static final char SEPARATOR = '#';

  String offset() {
    return room + SEPARATOR + seq;
  }

  /** The position an offset names, or null for one this gateway did not write. */
  static Position parse(Object offset) {
    if (!(offset instanceof String text)) {
      return null;
    }
    int at = text.lastIndexOf(SEPARATOR);
    if (at <= 0) {
      return null;
    }
    try {
      return new Position(text.substring(0, at), Long.parseLong(text.substring(at + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
