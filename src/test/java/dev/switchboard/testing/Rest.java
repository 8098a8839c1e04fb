package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A blocking JSON REST client on the JDK's HTTP client. */
public final class Rest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A response: its status and its JSON body (empty object when there is none). */
  public record Response(int status, JsonObject body) {
    public String errorCode() {
      return body.getJsonObject("error", new JsonObject()).getString("code");
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

  private static Response send(int port, String path, String token, HttpRequest.BodyPublisher body, String method) {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .method(method, body).header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Response(response.statusCode(), text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }
}
