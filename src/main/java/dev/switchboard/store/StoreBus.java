package dev.switchboard.store;

import dev.switchboard.bus.LocalRecords;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/** The request side of the store's addresses, shared by the store proxies. */
final class StoreBus {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  /** As long as a node's store waits for the database: an owner slower than that is failing. */
  private static final DeliveryOptions REMOTE = new DeliveryOptions().setSendTimeout(StoreVerticle.SERVER_SELECTION_TIMEOUT_MS);

  private final EventBus bus;

  StoreBus(EventBus bus) {
    this.bus = bus;
  }

  /** Asks the store and maps its JSON object reply. */
  <T> Future<T> object(String address, JsonObject request, Function<JsonObject, T> decode) {
    return request(address, request).map(reply -> decode.apply((JsonObject) reply));
  }

  /** Asks the store and maps each element of its JSON array reply. */
  <T> Future<List<T>> list(String address, JsonObject request, Function<JsonObject, T> decode) {
    return request(address, request).map(reply -> ((JsonArray) reply).stream().map(e -> decode.apply((JsonObject) e)).toList());
  }

  /** Asks the store with a record and gets one back, neither of them as JSON ({@link LocalRecords}). */
  <T> Future<T> record(String address, Object request, Class<T> reply) {
    return request(address, request, LocalRecords.options()).map(reply::cast);
  }

  /**
   * Asks another node's store, across the cluster, and maps its JSON object reply. Its refusals and
   * failures come back coded; a store that could not be asked fails with a {@link ReplyException}
   * of another type (see {@link #unanswered}).
   */
  <T> Future<T> remote(String address, JsonObject request, Function<JsonObject, T> decode) {
    return bus.request(address, request, REMOTE).transform(reply -> reply.succeeded()
      ? Future.succeededFuture(decode.apply((JsonObject) reply.result().body()))
      : Future.failedFuture(unanswered(reply.cause()) ? reply.cause() : GatewayException.from(reply.cause())));
  }

  /** The request never had an answer: nobody listened there, or nobody answered in time. */
  static boolean unanswered(Throwable cause) {
    return cause instanceof ReplyException failure && failure.failureType() != ReplyFailure.RECIPIENT_FAILURE;
  }

  private Future<Object> request(String address, JsonObject body) {
    return request(address, body, LOCAL);
  }

  private Future<Object> request(String address, Object body, DeliveryOptions options) {
    return bus.request(address, body, options)
      .map(reply -> reply.body())
      .recover(cause -> Future.failedFuture(GatewayException.from(cause)));
  }
}
