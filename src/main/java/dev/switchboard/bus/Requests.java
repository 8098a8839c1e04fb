package dev.switchboard.bus;

import dev.switchboard.auth.Principal;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.function.BiFunction;

/** The one way a domain answers a request from an edge: who asks, what they sent, a coded failure. */
public final class Requests {

  private Requests() {
  }

  /**
   * Runs {@code work} for the caller's principal; replies its result or fails the message with the
   * failure's code. A request without a principal is refused with {@code AUTH_REQUIRED}, one
   * without a JSON body with {@code INVALID_DATA}.
   */
  public static void answer(Message<JsonObject> message, BiFunction<Principal, Message<JsonObject>, Future<?>> work) {
    var principal = Principal.readFrom(message.headers());
    if (principal.isEmpty()) {
      ErrorCode.AUTH_REQUIRED.exception("no authenticated user").failOn(message);
      return;
    }
    if (message.body() == null) {
      ErrorCode.INVALID_DATA.exception("a JSON object body is required").failOn(message);
      return;
    }
    Future<?> result;
    try {
      result = work.apply(principal.get(), message);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(message::reply).onFailure(cause -> GatewayException.fail(message, cause));
  }

  /** Answers requests at the node-local {@code address} with {@link #answer}; completes once registered. */
  public static Future<Void> handle(EventBus bus, String address,
                                    BiFunction<Principal, Message<JsonObject>, Future<?>> work) {
    return bus.<JsonObject>localConsumer(address, message -> answer(message, work)).completion();
  }

  /** Delivery options that carry a principal and, for a request from a socket, its session id. */
  public static DeliveryOptions as(Principal principal, String sessionId) {
    MultiMap headers = principal.writeTo(MultiMap.caseInsensitiveMultiMap());
    if (sessionId != null) {
      headers.add(Addresses.HEADER_SESSION, sessionId);
    }
    return new DeliveryOptions().setLocalOnly(true).setHeaders(headers);
  }

  /** The id of the session a request came from, if it came from a socket. */
  public static String sessionOf(Message<?> message) {
    return message.headers().get(Addresses.HEADER_SESSION);
  }
}
