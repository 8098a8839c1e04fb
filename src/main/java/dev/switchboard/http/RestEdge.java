package dev.switchboard.http;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.bus.Addresses;
import dev.switchboard.core.RateLimiter;
import dev.switchboard.bus.Requests;
import dev.switchboard.core.Cors;
import dev.switchboard.core.Gatekeeper;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.HttpAnswers;
import dev.switchboard.payload.Unicode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The REST side's edge: bearer authentication, the call into the domain over the event bus, and the
 * one mapping of coded failures to {@code {"error": {"code", "message"}}} responses.
 */
final class RestEdge {
  private static final String PRINCIPAL = "sb.principal";
  /** The query parameters the API defines as whole numbers (docs/protocol.md, the REST section). */
  private static final Set<String> NUMERIC_QUERY_PARAMS = Set.of("limit", "before", "after");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

  private final EventBus bus;
  private final Gatekeeper gatekeeper;
  private final RateLimiter limiter;
  private final Cors cors;

  RestEdge(EventBus bus, Gatekeeper gatekeeper, RateLimiter limiter, List<String> corsOrigins) {
    this.bus = bus;
    this.gatekeeper = gatekeeper;
    this.limiter = limiter;
    this.cors = new Cors(corsOrigins, "GET,POST,PATCH,DELETE", "Authorization, Content-Type");
  }

  /**
   * Route handler: CORS for the allowed origins on every answer, refusals included, so a page can
   * read why; a preflight is answered here, without a token, which browsers never send with one.
   */
  void cors(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      cors.preflight(ctx.request(), ctx.response());
      return;
    }
    cors.apply(ctx.request(), ctx.response());
    ctx.next();
  }

  /** Route handler: continues with the principal of the bearer token, or answers 401. */
  void authenticate(RoutingContext ctx) {
    gatekeeper.verify(TokenVerifier.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))).onSuccess(verified -> {
      ctx.put(PRINCIPAL, verified.principal());
      ctx.next();
    }).onFailure(cause -> fail(ctx, cause));
  }

  /** Asks the domain at {@code address} on behalf of the caller and answers with its reply. */
  private void call(RoutingContext ctx, String address, JsonObject request, int successStatus) {
    Principal principal = ctx.get(PRINCIPAL);
    bus.<Object>request(address, request, Requests.as(principal, null))
      .onSuccess(reply -> json(ctx, successStatus, reply.body()))
      .onFailure(cause -> fail(ctx, cause));
  }

  /**
   * A route that asks {@code address} with the query parameters plus the path parameter {@code id}
   * as {@code idField}, if given. A URL carries only text, while the domain's typed getters take
   * numbers only as JSON numbers; so the parameters the API defines as numbers are converted here,
   * the one place text from a URL meets them.
   */
  Handler<RoutingContext> query(String address, String idField) {
    return ctx -> {
      JsonObject request = new JsonObject();
      ctx.queryParams().names().forEach(name -> request.put(name, queryValue(name, ctx.queryParams().get(name))));
      call(ctx, address, withId(ctx, request, idField), 200);
    };
  }

  /**
   * A numeric parameter written as a whole decimal number, as a number; anything else stays text,
   * for the domain to refuse with a message naming the parameter.
   */
  private static Object queryValue(String name, String text) {
    if (NUMERIC_QUERY_PARAMS.contains(name) && DECIMAL.matcher(text).matches()) {
      return new BigInteger(text);
    }
    return text;
  }

  /** A route that asks {@code address} with the JSON body plus the path parameter {@code id} as {@code idField}. */
  Handler<RoutingContext> json(String address, String idField, int successStatus) {
    return ctx -> body(ctx)
      .onSuccess(body -> call(ctx, address, withId(ctx, body, idField), successStatus))
      .onFailure(cause -> fail(ctx, cause));
  }

  /**
   * A route that is the client command {@code command} (the same as a socket's), with the JSON body
   * plus the path parameter {@code id} as {@code idField}: it counts against the caller's rate limit.
   */
  Handler<RoutingContext> command(String command, String idField, int successStatus) {
    return ctx -> body(ctx)
      .compose(body -> limiter.acquire(ctx.get(PRINCIPAL), command).map(body))
      .onSuccess(body -> call(ctx, Addresses.inbound(command), withId(ctx, body, idField), successStatus))
      .onFailure(cause -> fail(ctx, cause));
  }

  private static JsonObject withId(RoutingContext ctx, JsonObject request, String idField) {
    return idField == null ? request : request.put(idField, ctx.pathParam("id"));
  }

  /**
   * The request's JSON object body, or an {@code INVALID_DATA} failure. The bytes are decoded
   * strictly: a lenient decoding would store U+FFFD in place of what was sent.
   */
  static Future<JsonObject> body(RoutingContext ctx) {
    if (ctx.body().length() <= 0) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("a JSON object body is required"));
    }
    try {
      String text = Unicode.decode(ctx.body().buffer(), "the body");
      return Future.succeededFuture(new JsonObject(text));
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("the body is not a JSON object"));
    }
  }

  static void json(RoutingContext ctx, int status, Object body) {
    HttpAnswers.json(ctx.response(), status, body instanceof JsonObject json ? json.encode() : String.valueOf(body));
  }

  static void fail(RoutingContext ctx, Throwable cause) {
    GatewayException failure = GatewayException.from(cause);
    if (!ctx.response().ended()) {
      HttpAnswers.failure(ctx.response(), failure);
    }
  }

  static void error(RoutingContext ctx, ErrorCode code, String message) {
    fail(ctx, code.exception(message));
  }
}
