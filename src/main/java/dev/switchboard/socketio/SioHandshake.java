package dev.switchboard.socketio;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/**
 * The HTTP request that opened an Engine.IO connection, as it was then. It keeps the header block
 * and the query string as two Strings and decodes them at each call: two maps of entries per idle
 * connection cost about as much as the rest of the connection (see docs/benchmarks.md).
 */
public final class SioHandshake {
  private static final char LINE = '\n';
  private static final char COLON = ':';

  /** "name:value" lines: a header value never holds a line break, nor a header name a colon. */
  private final String headers;
  /** The raw query string, or null. */
  private final String query;
  private final String remoteAddress;
  private final String transport;

  private SioHandshake(String headers, String query, String remoteAddress, String transport) {
    this.headers = headers;
    this.query = query;
    this.remoteAddress = remoteAddress;
    this.transport = transport;
  }

  static SioHandshake of(HttpServerRequest request, String transport) {
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, String> header : request.headers()) {
      lines.append(header.getKey()).append(COLON).append(header.getValue()).append(LINE);
    }
    var address = request.remoteAddress();
    return new SioHandshake(lines.toString(), request.query(), address == null ? null : address.hostAddress(), transport);
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

  public String remoteAddress() {
    return remoteAddress;
  }

  /** The transport the connection opened on: "polling" or "websocket". */
  public String transport() {
    return transport;
  }
}
