package dev.switchboard.error;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * How every HTTP answer of the gateway is written, failures and {@code /ready} alike, so the rules
 * for a status hold wherever it is answered: a failure has the {@code {"error": {"code", "message"}}}
 * body, and a 503 says when to come back.
 */
public final class HttpAnswers {
  /**
   * The {@code Retry-After} of every 503, in seconds. A drain or a store outage is not over at once,
   * and a client that retries at once only adds load; a few seconds is also about how long a load
   * balancer takes to notice a node's readiness and send the retry to another node.
   */
  public static final int RETRY_AFTER_SECONDS = 5;
  private static final int SERVICE_UNAVAILABLE = 503;

  private HttpAnswers() {
  }

  /** Answers {@code status} with a JSON body. */
  public static Future<Void> json(HttpServerResponse response, int status, String body) {
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (status == SERVICE_UNAVAILABLE) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
    }
    return response.end(body);
  }

  /** Answers a coded failure with its status and {@code {"error": {"code", "message"}}}; a rate limit says when to retry. */
  public static Future<Void> failure(HttpServerResponse response, GatewayException failure) {
    if (failure.retryAfterMs() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf((failure.retryAfterMs() + 999) / 1000));
    }
    return json(response, failure.code().status(), failure.toJson().encode());
  }
}
