package dev.switchboard.channels;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;

/**
 * How one send to a platform ended: sent, to be tried again (a 429 after its {@code retry_after},
 * a 5xx, no answer), or refused for good (any other 4xx: a blocked bot, a bad token).
 */
record Attempt(boolean success, boolean done, String error, long retryAfterMs) {
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int SERVER_ERROR = 500;

  static Attempt retry(String error, long retryAfterMs) {
    return new Attempt(false, false, error, retryAfterMs);
  }

  static Attempt gaveUp(String error) {
    return new Attempt(false, true, error, 0);
  }

  static Attempt of(HttpClientResponse response, String body) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      return new Attempt(true, true, null, 0);
    }
    String error = "HTTP " + status + describe(body);
    if (status == TOO_MANY_REQUESTS) {
      return retry(error, retryAfterSeconds(response, body) * 1000);
    }
    return status >= SERVER_ERROR ? retry(error, 0) : gaveUp(error);
  }

  /** Telegram says it in {@code parameters.retry_after}, others in {@code Retry-After}. */
  private static long retryAfterSeconds(HttpClientResponse response, String body) {
    try {
      JsonObject json = new JsonObject(body);
      if (json.getValue("parameters") instanceof JsonObject parameters && parameters.getValue("retry_after") instanceof Number n) {
        return n.longValue();
      }
    } catch (RuntimeException notJson) {
      // fall back to the header
    }
    String header = response.getHeader("Retry-After");
    return header != null && header.matches("[0-9]{1,6}") ? Long.parseLong(header) : 0;
  }

  /** The platform's own description of the refusal, if it gave one (Telegram's {@code description}, Meta's {@code error.message}). */
  private static String describe(String body) {
    try {
      JsonObject json = new JsonObject(body);
      String text = json.getString("description");
      if (text == null && json.getValue("error") instanceof JsonObject error) {
        text = error.getString("message");
      }
      return text == null ? "" : ": " + text;
    } catch (RuntimeException notJson) {
      return "";
    }
  }
}
