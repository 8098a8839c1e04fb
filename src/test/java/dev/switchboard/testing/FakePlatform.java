package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A platform's API standing in for Telegram's or Instagram's: a real HTTP server on 127.0.0.1 that
 * records every request and answers 200, or what the test queued for the next requests (a 500, a 429
 * with {@code retry_after}).
 */
public final class FakePlatform implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Answer> failures = new ArrayDeque<>();

  /** A request as it arrived, and the status it was answered with. */
  public record Received(String path, String authorization, JsonObject body, int status) {
  }

  private record Answer(int status, String body) {
  }

  public FakePlatform() {
    server = TestCluster.await(vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1"));
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next request is answered {@code status} with {@code body}, before the 200s resume. */
  public synchronized void failNext(int status, String body) {
    failures.add(new Answer(status, body));
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests answered 2xx: what the platform took. */
  public synchronized List<Received> accepted() {
    return received.stream().filter(r -> r.status() / 100 == 2).toList();
  }

  private void answer(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Answer answer;
      synchronized (this) {
        answer = failures.isEmpty() ? new Answer(200, "{\"ok\":true,\"result\":{}}") : failures.poll();
        received.add(new Received(request.path(), request.getHeader("Authorization"), body.toJsonObject(), answer.status()));
      }
      request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json").end(answer.body());
    });
  }

  @Override
  public void close() {
    TestCluster.await(vertx.close());
  }
}
