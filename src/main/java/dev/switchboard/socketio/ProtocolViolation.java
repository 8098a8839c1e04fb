package dev.switchboard.socketio;

/**
 * Input that breaks the Engine.IO or Socket.IO protocol. It never reaches a handler: the connection
 * that sent it is closed ("parse error").
 */
public class ProtocolViolation extends RuntimeException {
  public ProtocolViolation(String message) {
    // thrown for every bad packet a client sends: no stack trace to fill
    super(message, null, false, false);
  }
}
