package dev.switchboard.core;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/**
 * CORS for the origins in {@code SWITCHBOARD_CORS_ORIGINS}, the same list that decides where the
 * auth cookie is accepted from ({@link Gatekeeper}): a listed origin gets itself back with
 * credentials; {@code "*"} lets any other origin read answers, without credentials; any other gets
 * no CORS headers, so its pages cannot read the answer. An origin is never reflected unchecked.
 */
public final class Cors {
  private static final String ANY = "*";
  private static final int NO_CONTENT = 204;

  private final List<String> origins;
  private final boolean any;
  private final String methods;
  /** The headers a preflight may ask for; null lets it have whatever it asks. */
  private final String headers;

  public Cors(List<String> origins, String methods, String headers) {
    this.origins = List.copyOf(origins);
    this.any = origins.contains(ANY);
    this.methods = methods;
    this.headers = headers;
  }

  /** Whether any origin is configured at all: without one, cross-origin pages get nothing. */
  public boolean enabled() {
    return !origins.isEmpty();
  }

  /**
   * Sets the answer's CORS headers for the request's {@code Origin}, first dropping any that another
   * handler set (vertx-web's SockJS reflects every origin with credentials).
   */
  public void apply(HttpServerRequest request, HttpServerResponse response) {
    response.headers().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN).remove(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || !enabled()) {
      return;
    }
    if (origins.contains(origin) && !ANY.equals(origin)) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
        .putHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    } else if (any) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
    }
  }

  /**
   * Answers a preflight with 204, after {@link #apply}: the methods and headers are granted only
   * together with an allowed origin. A preflight needs no token: browsers send none with it.
   */
  public void preflight(HttpServerRequest request, HttpServerResponse response) {
    apply(request, response);
    if (response.headers().contains(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods);
      String allowed = headers != null ? headers : request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
      if (allowed != null) {
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowed);
      }
    }
    response.setStatusCode(NO_CONTENT).end();
  }
}
