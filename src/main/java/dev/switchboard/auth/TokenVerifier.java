package dev.switchboard.auth;

import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Verifies bearer tokens: signature (HS256 secret, PEM public key or JWKS), expiry, issuer and
 * audience, then reads the {@link Principal}. Every refusal is an {@code AUTH_REQUIRED} failure
 * whose text says why.
 */
public final class TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final String BEARER = "Bearer ";

  private final JWTAuth jwt;
  private final long maxLifetimeSeconds;
  private final ClaimNames names;

  private TokenVerifier(JWTAuth jwt, JwtSettings settings) {
    this.jwt = jwt;
    this.maxLifetimeSeconds = settings.maxLifetime().toSeconds();
    this.names = settings.claims();
  }

  /** Builds a verifier; with a JWKS URL it first fetches the key set. */
  public static Future<TokenVerifier> create(Vertx vertx, JwtSettings settings) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
      .setIssuer(settings.issuer())
      .setAudience(List.of(settings.audience())));
    if (!settings.jwksUrl().isBlank()) {
      return fetchJwks(vertx, settings.jwksUrl()).map(keys -> {
        keys.forEach(key -> options.addJwk((JsonObject) key));
        return new TokenVerifier(JWTAuth.create(vertx, options), settings);
      });
    }
    if (!settings.publicKey().isBlank()) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm()).setBuffer(settings.publicKey()));
    } else if (settings.symmetric() && !settings.secret().isBlank()) {
      LOG.warn("*** Tokens are verified with a shared {} secret from the configuration. This is for development"
        + " only: in production set {} or {} and remove the secret. ***", settings.algorithm(),
        "SWITCHBOARD_JWT_PUBLIC_KEY", "SWITCHBOARD_JWT_JWKS_URL");
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm()).setBuffer(settings.secret()));
    } else {
      return Future.failedFuture(new IllegalArgumentException(
        "no token key configured: set SWITCHBOARD_JWT_SECRET, SWITCHBOARD_JWT_PUBLIC_KEY or SWITCHBOARD_JWT_JWKS_URL"));
    }
    return Future.succeededFuture(new TokenVerifier(JWTAuth.create(vertx, options), settings));
  }

  /** The token of an {@code Authorization: Bearer ...} header, or null for none or another scheme. */
  public static String bearer(String authorizationHeader) {
    return authorizationHeader != null && authorizationHeader.startsWith(BEARER)
      ? authorizationHeader.substring(BEARER.length()).trim() : null;
  }

  /** The principal and expiry of a valid token, or an {@code AUTH_REQUIRED} failure saying why not. */
  public Future<VerifiedToken> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(ErrorCode.AUTH_REQUIRED.exception("a token is required"));
    }
    Future<VerifiedToken> verified;
    try {
      // The time claims' types are checked before the JWT library reads them: it fails on a string
      // or a boolean there with an exception of its own instead of a refusal.
      JsonObject claims = TokenClaims.decode(token);
      long expiresAt = expiry(claims, System.currentTimeMillis() / 1000);
      Long issuedAt = claims.containsKey("iat") ? (long) TokenClaims.numericDate(claims, "iat") : null;
      verified = jwt.authenticate(new TokenCredentials(token))
        .recover(cause -> Future.failedFuture(refusal(reason(cause))))
        .map(user -> new VerifiedToken(principal(user.attributes().getJsonObject("accessToken")), expiresAt * 1000,
          issuedAt));
    } catch (IllegalArgumentException e) {
      verified = Future.failedFuture(refusal(e.getMessage()));
    }
    return verified;
  }

  /**
   * The {@code exp} claim, which must be there, as must {@code nbf} and {@code iat} be numbers where
   * they are; an expiry further away than the configured maximum lifetime is refused, so a leaked
   * token cannot be valid forever.
   */
  private long expiry(JsonObject claims, long nowSeconds) {
    for (String claim : List.of("nbf", "iat")) {
      if (claims.containsKey(claim)) {
        TokenClaims.numericDate(claims, claim);
      }
    }
    if (!claims.containsKey("exp")) {
      throw new IllegalArgumentException("it has no expiry");
    }
    double exp = TokenClaims.numericDate(claims, "exp");
    if (exp - nowSeconds > maxLifetimeSeconds) {
      throw new IllegalArgumentException("it expires more than " + maxLifetimeSeconds + " s from now (the maximum lifetime)");
    }
    return (long) exp;
  }

  private Principal principal(JsonObject claims) {
    if (claims == null) {
      throw refusal("it could not be read");
    }
    try {
      return Principal.fromClaims(claims, names);
    } catch (IllegalArgumentException e) {
      throw refusal(e.getMessage());
    }
  }

  private static GatewayException refusal(String reason) {
    return ErrorCode.AUTH_REQUIRED.exception("invalid token: " + reason);
  }

  private static String reason(Throwable cause) {
    String message = cause.getMessage();
    if (message == null) {
      return "it could not be read";
    }
    if (message.contains("expired")) {
      return "it has expired or is not valid yet";
    }
    if (message.contains("\"none\"")) {
      return "unsigned tokens (alg none) are not accepted";
    }
    if (message.contains("issuer")) {
      return "wrong issuer";
    }
    if (message.contains("audience")) {
      return "wrong audience";
    }
    if (message.contains("Signature") || message.contains("signature") || message.contains("key")) {
      return "bad signature";
    }
    return "it could not be read";
  }

  private static Future<io.vertx.core.json.JsonArray> fetchJwks(Vertx vertx, String url) {
    var client = vertx.createHttpClient();
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
      .compose(request -> request.send())
      .compose(response -> response.statusCode() == 200
        ? response.body()
        : Future.failedFuture("JWKS " + url + " answered " + response.statusCode()))
      .map(body -> body.toJsonObject().getJsonArray("keys"))
      .eventually(client::close);
  }
}
