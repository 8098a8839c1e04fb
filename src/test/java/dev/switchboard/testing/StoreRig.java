package dev.switchboard.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The MongoDB wire server in memory, a Vert.x client of it, and one event loop to run store code on,
 * as the store's verticle does: for tests of the Mongo stores without a gateway.
 */
public final class StoreRig implements AutoCloseable {
  private final MongoServer server;
  private final Vertx vertx;
  private final Context loop;
  private final MongoClient mongo;

  public StoreRig(String database) {
    server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    mongo = MongoClient.create(vertx, new JsonObject().put("db_name", database)
      .put("connection_string", "mongodb://127.0.0.1:" + address.getPort()));
  }

  public MongoClient mongo() {
    return mongo;
  }

  /**
   * Runs {@code work} on the loop and waits for its result. A failure is thrown as an
   * {@link AssertionError} whose cause is the future's cause.
   */
  public <T> T onLoop(Supplier<Future<T>> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    loop.runOnContext(v -> work.get().onComplete(result -> {
      if (result.succeeded()) {
        done.complete(result.result());
      } else {
        done.completeExceptionally(result.cause());
      }
    }));
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().toString(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing Vert.x", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Vert.x did not close", e);
    } finally {
      server.shutdown();
    }
  }
}
