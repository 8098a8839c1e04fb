package dev.switchboard.http;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.auth.TokenIssuer;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.payload.Fields;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The web console: the agent inbox, the admin page and the customer widget, served from the jar at
 * {@value #PATH}/. On a node that verifies tokens with the development secret, and only there, it
 * also mints tokens for a one-click sign-in: that secret is public, so anyone could mint the same
 * tokens with the {@code token} command, and the sign-in gives away nothing that was not given already.
 */
final class Console {
  static final String PATH = "/console";
  private static final Logger LOG = LoggerFactory.getLogger(Console.class);
  /** Where the pages are on the class path; the build copies the npm clients into its {@code vendor/}. */
  private static final String WEBROOT = "webroot/console";
  /** Long enough for a working day; a page signs in again with one click after it. */
  private static final Duration DEV_TOKEN_TTL = Duration.ofHours(8);
  private static final int MAX_NAME_BYTES = 200;
  private static final int MAX_BODY = 4096;
  private static final Set<String> DEV_TOKEN_FIELDS = Set.of("sub", "role", "name", "depts");
  /** A service is a backend, not a person at a screen. */
  private static final Set<String> DEV_ROLES = Set.of(Role.CUSTOMER.wireName(), Role.AGENT.wireName(), Role.ADMIN.wireName());
  /** Pages change with the jar; a browser asks again after this long. */
  private static final long MAX_AGE_SECONDS = 300;

  /** Mints development tokens; null unless the node verifies with the development secret. */
  private final TokenIssuer developmentIssuer;

  Console(Vertx vertx, JwtSettings jwt) {
    this.developmentIssuer = jwt.development() ? new TokenIssuer(vertx, jwt) : null;
  }

  /** Says once per node, not once per event loop's console, that anyone can sign in as anyone. */
  static void announce(JwtSettings jwt) {
    if (jwt.development()) {
      LOG.warn("The console offers a one-click development sign-in at {}/: tokens are verified with the public"
        + " development secret", PATH);
    }
  }

  void mount(Router router) {
    router.get(PATH).handler(Console::withSlash);
    router.route(PATH + "/dev-token").handler(this::developmentOnly);
    router.get(PATH + "/dev-token").handler(this::developmentOffered);
    router.post(PATH + "/dev-token").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::developmentToken);
    // a file that is not there falls through to the router's NOT_FOUND answer
    router.get(PATH + "/*").handler(StaticHandler.create(WEBROOT).setMaxAgeSeconds(MAX_AGE_SECONDS));
  }

  /**
   * The pages' links are relative, so they need the trailing slash. The route matches both forms, as
   * Vert.x ignores a trailing slash, so only the bare path is sent on.
   */
  private static void withSlash(RoutingContext ctx) {
    if (ctx.request().path().endsWith("/")) {
      ctx.next();
    } else {
      String query = ctx.request().query();
      ctx.redirect(PATH + "/" + (query == null ? "" : "?" + query));
    }
  }

  /** Elsewhere the development sign-in does not exist: NOT_FOUND, as for any path the node does not serve. */
  private void developmentOnly(RoutingContext ctx) {
    if (developmentIssuer == null) {
      RestEdge.error(ctx, ErrorCode.NOT_FOUND, "no such resource");
    } else {
      ctx.next();
    }
  }

  /** Tells the sign-in page that it may offer the development sign-in, and what for. */
  private void developmentOffered(RoutingContext ctx) {
    RestEdge.json(ctx, 200, new JsonObject().put("development", true)
      .put("roles", DEV_ROLES.stream().sorted().toList()).put("ttlSeconds", DEV_TOKEN_TTL.toSeconds()));
  }

  /** {@code {"sub", "role", "name"?, "depts"?}} to {@code {"token", ...}}, signed with the development secret. */
  private void developmentToken(RoutingContext ctx) {
    RestEdge.body(ctx).map(this::mint)
      .onSuccess(token -> RestEdge.json(ctx, 200, token))
      .onFailure(cause -> RestEdge.fail(ctx, cause));
  }

  private JsonObject mint(JsonObject request) {
    Fields.only(request, DEV_TOKEN_FIELDS);
    String sub = Fields.id(request, "sub");
    Role role = Role.parse(Fields.oneOf(request, "role", DEV_ROLES)).orElseThrow();
    String name = Fields.optionalText(request, "name", MAX_NAME_BYTES);
    List<String> depts = request.getValue("depts") == null ? List.of() : Fields.idList(request, "depts");
    Principal principal = new Principal(sub, name == null ? sub : name, role, depts);
    return new JsonObject().put("token", developmentIssuer.mint(principal, DEV_TOKEN_TTL))
      .put("userId", sub).put("role", role.wireName()).put("ttlSeconds", DEV_TOKEN_TTL.toSeconds());
  }
}
