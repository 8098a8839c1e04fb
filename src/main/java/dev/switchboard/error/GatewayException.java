package dev.switchboard.error;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure with a code. On the event bus it travels as {@code fail(status, "CODE: text")};
 * {@link #from(Throwable)} reads it back at the edges.
 */
public final class GatewayException extends RuntimeException {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayException.class);
  private final ErrorCode code;
  /** When to try again, in milliseconds, for a refusal that passes (a rate limit); 0 for none. */
  private final long retryAfterMs;

  public GatewayException(ErrorCode code, String text) {
    this(code, text, 0);
  }

  private GatewayException(ErrorCode code, String text, long retryAfterMs) {
    super(text, null, false, false);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  /** {@code RATE_LIMIT_EXCEEDED}, with the wait until the budget allows one more. */
  public static GatewayException rateLimited(String text, long retryAfterMs) {
    return new GatewayException(ErrorCode.RATE_LIMIT_EXCEEDED, text, Math.max(1, retryAfterMs));
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }

  public ErrorCode code() {
    return code;
  }

  public String text() {
    return getMessage();
  }

  /** The wire form used in event-bus failures and error frames: {@code CODE: text}. */
  public String wireMessage() {
    return code.name() + ": " + getMessage();
  }

  /** The body every HTTP edge answers a failure with: {@code {"error": {"code", "message", "retryAfterMs"?}}}. */
  public JsonObject toJson() {
    JsonObject error = new JsonObject().put("code", code.name()).put("message", getMessage());
    if (retryAfterMs > 0) {
      error.put("retryAfterMs", retryAfterMs);
    }
    return new JsonObject().put("error", error);
  }

  /** Fails the message with this failure's status and wire message. */
  public void failOn(Message<?> message) {
    message.fail(code.status(), wireMessage());
  }

  /** Fails the message with whatever went wrong, mapped to a code. */
  public static void fail(Message<?> message, Throwable cause) {
    from(cause).failOn(message);
  }

  /** Maps any failure to a coded one: our own pass through, event-bus failures get their meaning. */
  public static GatewayException from(Throwable cause) {
    if (cause instanceof GatewayException ge) {
      return ge;
    }
    if (cause instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return parse(re.getMessage());
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        return ErrorCode.STORE_UNAVAILABLE.exception("the request timed out");
      }
      return ErrorCode.INTERNAL_ERROR.exception("no handler for the request");
    }
    // A bug, not bad input: the client gets a code, the log gets the stack trace.
    LOG.error("Unexpected failure", cause);
    return ErrorCode.INTERNAL_ERROR.exception("unexpected failure");
  }

  private static GatewayException parse(String wire) {
    if (wire != null) {
      int colon = wire.indexOf(": ");
      if (colon > 0) {
        try {
          return new GatewayException(ErrorCode.valueOf(wire.substring(0, colon)), wire.substring(colon + 2));
        } catch (IllegalArgumentException notOurs) {
          // fall through: a failure without our prefix is reported as internal
        }
      }
    }
    return ErrorCode.INTERNAL_ERROR.exception("unexpected failure");
  }
}
