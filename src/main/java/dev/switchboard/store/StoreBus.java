package dev.switchboard.store;

import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/** The request side of the store's node-local addresses, shared by the store proxies. */
final class StoreBus {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

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

  private Future<Object> request(String address, JsonObject body) {
    return bus.request(address, body, LOCAL)
      .map(reply -> reply.body())
      .recover(cause -> Future.failedFuture(GatewayException.from(cause)));
  }
}
