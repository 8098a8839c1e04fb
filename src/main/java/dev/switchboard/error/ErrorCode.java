package dev.switchboard.error;

/** The failure codes every edge speaks (seed 003's names), each with its HTTP-like status. */
public enum ErrorCode {
  INVALID_DATA(400),
  AUTH_REQUIRED(401),
  ACCESS_DENIED(403),
  /** A webhook whose secret token or signature is missing or is not the channel's. */
  SIGNATURE_INVALID(401),
  ROOM_NOT_FOUND(404),
  TICKET_NOT_FOUND(404),
  NOT_FOUND(404),
  CHANNEL_NOT_FOUND(404),
  ROOM_EXISTS(409),
  ROOM_INACTIVE(409),
  VERSION_CONFLICT(409),
  PAYLOAD_TOO_LARGE(413),
  /** The request line is over the HTTP server's limit: the request was not read, so it cannot be a payload error. */
  URI_TOO_LONG(414),
  /** The request's headers are over the HTTP server's limit (a token is one of them). */
  HEADERS_TOO_LARGE(431),
  /** Over a rate limit; the failure says in how many milliseconds to try again. */
  RATE_LIMIT_EXCEEDED(429),
  INTERNAL_ERROR(500),
  STORE_UNAVAILABLE(503),
  NODE_DRAINING(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** A failure with this code, ready to be thrown or returned as a failed future. */
  public GatewayException exception(String text) {
    return new GatewayException(this, text);
  }
}
