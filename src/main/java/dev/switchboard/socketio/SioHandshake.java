package dev.switchboard.socketio;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP request that opened an Engine.IO connection, as it was then, for the namespaces its
 * client connects to later (each CONNECT is admitted on it). It keeps the header block and the
 * query string as two Strings and decodes them at each call: two maps of entries per idle
 * connection cost about as much as the rest of the connection (see docs/benchmarks.md). The
 * headers that only negotiated a WebSocket upgrade, and a query of Engine.IO's own parameters only,
 * are left out: they say nothing about the client.
 */
public final class SioHandshake {
  private static final char LINE = '\n';
  private static final char COLON = ':';
  /** Lower case, as compared. */
  private static final Set<String> UPGRADE_ONLY = Set.of(HttpHeaders.UPGRADE.toString().toLowerCase(Locale.ROOT),
    HttpHeaders.CONNECTION.toString().toLowerCase(Locale.ROOT), "sec-websocket-key", "sec-websocket-version",
    "sec-websocket-extensions");
  /** Engine.IO's own query parameters (t and b64 from older or polling clients). */
  private static final Set<String> ENGINE_PARAMETERS = Set.of("EIO", "transport", "sid", "t", "b64");

  /** "name:value" lines: a header value never holds a line break, nor a header name a colon. */
  private final String headers;
  /** The raw query string, or null. */
  private final String query;

  private SioHandshake(String headers, String query) {
    this.headers = headers;
    this.query = query;
  }

  static SioHandshake of(HttpServerRequest request) {
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, String> header : request.headers()) {
      if (!UPGRADE_ONLY.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        lines.append(header.getKey()).append(COLON).append(header.getValue()).append(LINE);
      }
    }
    String query = request.query();
    return new SioHandshake(lines.toString(), query == null || engineOnly(query) ? null : query);
  }

  private static boolean engineOnly(String query) {
    for (String parameter : query.split("&")) {
      int equals = parameter.indexOf('=');
      if (!ENGINE_PARAMETERS.contains(equals < 0 ? parameter : parameter.substring(0, equals))) {
        return false;
      }
    }
    return true;
  }

  /** The request's headers, case-insensitive; a new map at each call. */
  public MultiMap headers() {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    int start = 0;
    while (start < headers.length()) {
      int end = headers.indexOf(LINE, start);
      int colon = headers.indexOf(COLON, start);
      map.add(headers.substring(start, colon), headers.substring(colon + 1, end));
      start = end + 1;
    }
    return map;
  }

  /** The query's parameters, decoded; a new map at each call. */
  public MultiMap query() {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    if (query != null) {
      new QueryStringDecoder(query, false).parameters().forEach(map::add);
    }
    return map;
  }
}
