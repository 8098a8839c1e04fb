package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A blocking JSON REST client on the JDK's HTTP client. Every response it gets is checked against
 * docs/openapi.yaml ({@link ApiContract}), so each test that calls the API also tests the document.
 */
public final class Rest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A response: its status, its body's text (empty when there is none) and its headers. */
  public record Response(int status, String text, HttpHeaders headers) {
    /** The body as JSON; an empty object when there is none. */
    public JsonObject body() {
      return text.isBlank() ? new JsonObject() : new JsonObject(text);
    }

    public String errorCode() {
      return body().getJsonObject("error", new JsonObject()).getString("code");
    }

    /** The value of a response header, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private Rest() {
  }

  public static Response get(int port, String path, String token) {
    return send(port, path, token, HttpRequest.BodyPublishers.noBody(), "GET");
  }

  public static Response post(int port, String path, String token, String body) {
    return send(port, path, token, HttpRequest.BodyPublishers.ofString(body), "POST");
  }

  /** A request without a body, with any method ({@code DELETE}). */
  public static Response send(int port, String path, String token, String method) {
    return send(port, path, token, HttpRequest.BodyPublishers.noBody(), method);
  }

  /** A request with a body, with any method ({@code PATCH}). */
  public static Response send(int port, String path, String token, String method, String body) {
    return send(port, path, token, HttpRequest.BodyPublishers.ofString(body), method);
  }

  /** A GET with extra headers, given as name, value, name, value... */
  public static Response getWithHeaders(int port, String path, String... headers) {
    return send(port, path, null, HttpRequest.BodyPublishers.noBody(), "GET", headers);
  }

  /** A GET without a token whose answer is not JSON ({@code /metrics}); its body, failing the test unless 200. */
  public static String getText(int port, String path) {
    Response response = get(port, path, null);
    if (response.status() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.status());
    }
    return response.text();
  }

  /** Any request with a body of exactly these bytes (null: none) and extra headers, given as name, value... */
  public static Response request(String method, int port, String path, String token, byte[] body, String... headers) {
    return send(port, path, token, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body),
      method, headers);
  }

  /** A POST without a token, with extra headers given as name, value, name, value... (a platform's webhook). */
  public static Response postWithHeaders(int port, String path, String body, String... headers) {
    return send(port, path, null, HttpRequest.BodyPublishers.ofString(body), "POST", headers);
  }

  private static Response send(int port, String path, String token, HttpRequest.BodyPublisher body, String method,
                               String... headers) {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .method(method, body).header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body() == null ? "" : response.body();
      ApiContract.check(method, path, response.statusCode(), firstValues(response.headers()),
        response.headers().firstValue("Content-Type").orElse(null), text);
      return new Response(response.statusCode(), text, response.headers());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  private static Map<String, String> firstValues(HttpHeaders headers) {
    Map<String, String> first = new HashMap<>();
    headers.map().forEach((name, values) -> first.put(name, values.get(0)));
    return first;
  }
}
