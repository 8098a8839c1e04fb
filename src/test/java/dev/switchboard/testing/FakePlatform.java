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
 * with {@code retry_after}), or drops the next requests' connections unanswered (a platform that
 * cannot be reached), or holds the next request unanswered until the test releases it.
 * <p>
 * What it counts as taken ({@link #accepted()}) is a request it answered 2xx on a connection that was
 * still there: a send is committed when the platform answers it. A held request whose sender went
 * away before the release is {@link #UNANSWERED}, in {@link #received()} but not taken. Neither real
 * platform promises that much (Telegram may have delivered the text before its answer was lost, and
 * there is no idempotency key to tell a retry from a new send); for such a platform the two requests
 * that {@link #received()} then shows are two messages, the duplicate docs/channels.md warns about.
 */
public final class FakePlatform implements AutoCloseable {
  /** The status of a request the fake never answered: it dropped it, or its sender was gone before the release. */
  public static final int UNANSWERED = 0;
  private static final String OK = "{\"ok\":true,\"result\":{}}";
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Answer> failures = new ArrayDeque<>();
  private boolean holdNext;
  private int dropNext;
  private Held held;

  /** A request as it arrived, and the status it was answered with. */
  public record Received(String path, String authorization, JsonObject body, int status) {
  }

  private record Answer(int status, String body) {
  }

  /** The held request: what arrived, and whether its sender has gone away since. */
  private static final class Held {
    private final HttpServerRequest request;
    private final JsonObject body;
    private volatile boolean senderGone;

    private Held(HttpServerRequest request, JsonObject body) {
      this.request = request;
      this.body = body;
    }
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

  /** The next {@code count} requests have their connection closed, unanswered: the platform is out of reach. */
  public synchronized void dropNext(int count) {
    dropNext = count;
  }

  /** The next request is held, unanswered, until {@link #release()}. */
  public synchronized void holdNext() {
    holdNext = true;
  }

  /** The path of the held request once it has arrived, else null. */
  public synchronized String heldPath() {
    return held == null ? null : held.request.path();
  }

  /** Whether the held request's connection has closed: its sender is gone, and no answer can reach it. */
  public synchronized boolean heldSenderGone() {
    return held != null && held.senderGone;
  }

  /** Answers the held request 200, or records it {@link #UNANSWERED} if its sender is gone. */
  public void release() {
    Held released;
    synchronized (this) {
      released = held;
      held = null;
      received.add(new Received(released.request.path(), released.request.getHeader("Authorization"), released.body,
        released.senderGone ? UNANSWERED : 200));
    }
    if (!released.senderGone) {
      released.request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(OK);
    }
  }

  private void answer(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Answer answer;
      synchronized (this) {
        if (holdNext) {
          holdNext = false;
          Held holding = new Held(request, body.toJsonObject());
          request.connection().closeHandler(closed -> holding.senderGone = true);
          held = holding;
          return;
        }
        if (dropNext > 0) {
          dropNext--;
          received.add(new Received(request.path(), request.getHeader("Authorization"), body.toJsonObject(), UNANSWERED));
          request.connection().close();
          return;
        }
        answer = failures.isEmpty() ? new Answer(200, OK) : failures.poll();
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
