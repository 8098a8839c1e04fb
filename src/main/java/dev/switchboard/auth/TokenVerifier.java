package dev.switchboard.auth;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies bearer tokens: signature (HS256 secret, PEM public key or JWKS), expiry, issuer and
 * audience, then reads the {@link Principal}. Every refusal is an {@code AUTH_REQUIRED} failure
 * whose text says why.
 */
public final class TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final String BEARER = "Bearer ";
  private static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
    "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";
  private static final String NOT_VALID_NOW = "it has expired or is not valid yet";

  private final SigningKeys keys;
  private final String issuer;
  private final String audience;
  private final long maxLifetimeSeconds;
  private final ClaimNames names;

  private TokenVerifier(SigningKeys keys, JwtSettings settings) {
    this.keys = keys;
    this.issuer = settings.issuer();
    this.audience = settings.audience();
    this.maxLifetimeSeconds = settings.maxLifetime().toSeconds();
    this.names = settings.claims();
  }

  /** Builds a verifier; with a JWKS URL it first fetches the key set, and keeps it current from then on. */
  public static Future<TokenVerifier> create(Vertx vertx, JwtSettings settings) {
    return create(vertx, settings, JwksKeys.DEFAULT_REFETCH_INTERVAL);
  }

  /** Like {@link #create(Vertx, JwtSettings)}, fetching the key set at most once per {@code refetchInterval}. */
  static Future<TokenVerifier> create(Vertx vertx, JwtSettings settings, Duration refetchInterval) {
    try {
      check(settings);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    JWTOptions jwtOptions = new JWTOptions().setIssuer(settings.issuer()).setAudience(List.of(settings.audience()));
    if (!settings.jwksUrl().isBlank()) {
      return JwksKeys.fetch(vertx, settings.jwksUrl(), jwtOptions, refetchInterval)
        .map(jwks -> new TokenVerifier(jwks, settings));
    }
    String key = settings.publicKey().isBlank() ? settings.secret() : settings.publicKey();
    if (settings.publicKey().isBlank()) {
      LOG.warn("*** Tokens are verified with a shared {} secret from the configuration. This is for development"
        + " only: in production set {} or {} and remove the secret. ***", settings.algorithm(),
        ConfigKeys.JWT_PUBLIC_KEY, ConfigKeys.JWT_JWKS_URL);
    }
    JWTAuth verifier = JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(jwtOptions)
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm()).setBuffer(key)));
    return Future.succeededFuture(new TokenVerifier(SigningKeys.fixed(verifier), settings));
  }

  /**
   * The mistakes in {@code settings} that show without the network: an unknown algorithm, a key that
   * does not fit it or is not PEM, no key at all. Each is an {@link IllegalArgumentException} naming
   * the key and what to set, so a node refuses to start before it joins its cluster.
   */
  public static void check(JwtSettings settings) {
    String algorithm = settings.algorithm();
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException(ConfigKeys.JWT_ALGORITHM + " must be one of " + new TreeSet<>(ALGORITHMS)
        + ", got '" + algorithm + "'");
    }
    if (!settings.jwksUrl().isBlank()) {
      checkUrl(settings.jwksUrl());
    } else if (!settings.publicKey().isBlank()) {
      checkPublicKey(algorithm, settings.publicKey());
    } else if (!settings.symmetric()) {
      throw new IllegalArgumentException(ConfigKeys.JWT_ALGORITHM + " is " + algorithm + ", which verifies with a public"
        + " key: set " + ConfigKeys.JWT_PUBLIC_KEY + " (PEM) or " + ConfigKeys.JWT_JWKS_URL);
    } else if (settings.secret().isBlank()) {
      throw new IllegalArgumentException("no token key configured: set " + ConfigKeys.JWT_SECRET + ", "
        + ConfigKeys.JWT_PUBLIC_KEY + " or " + ConfigKeys.JWT_JWKS_URL);
    } else {
      checkSecret(algorithm, settings.secret());
    }
  }

  /** RFC 7518, section 3.2: an HS key is at least as long as the hash, or it can be guessed. */
  private static void checkSecret(String algorithm, String secret) {
    int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
    int needed = Integer.parseInt(algorithm.substring(2)) / Byte.SIZE;
    if (bytes < needed) {
      throw new IllegalArgumentException(ConfigKeys.JWT_SECRET + " is " + bytes + " bytes, and " + algorithm
        + " needs at least " + needed + ": generate one, e.g. with `openssl rand -hex " + needed + "`");
    }
  }

  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(ConfigKeys.JWT_JWKS_URL + " must be an http or https URL, got '" + url + "'");
    }
  }

  /** The key must be an X.509 SubjectPublicKeyInfo in PEM, of the family the algorithm signs with. */
  private static void checkPublicKey(String algorithm, String pem) {
    String family = switch (algorithm.substring(0, 2)) {
      case "HS" -> throw new IllegalArgumentException(ConfigKeys.JWT_ALGORITHM + " is " + algorithm + ", which is for a"
        + " shared secret: with " + ConfigKeys.JWT_PUBLIC_KEY + " set it to the key's algorithm, e.g. RS256 or ES256");
      case "RS", "PS" -> "RSA";
      case "ES" -> "EC";
      default -> "EdDSA";
    };
    String text = pem.strip();
    try {
      if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
        throw new InvalidKeySpecException("no PEM armour");
      }
      byte[] der = Base64.getMimeDecoder().decode(text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()));
      KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(ConfigKeys.JWT_PUBLIC_KEY + " is not a PEM " + family + " public key for "
        + algorithm + " (" + PEM_BEGIN + " ... " + PEM_END + "): give the identity provider's public key, or set "
        + ConfigKeys.JWT_ALGORITHM + " to its algorithm");
    }
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
      // Every claim is checked here, each refused with its own reason, before the JWT library checks
      // the signature (and the claims again): its failures are not typed, so any of them means the signature.
      JsonObject header = TokenClaims.header(token);
      if (!(header.getValue("alg") instanceof String alg) || alg.equalsIgnoreCase("none")) {
        throw new IllegalArgumentException("unsigned tokens (alg none) are not accepted");
      }
      JsonObject claims = TokenClaims.decode(token);
      long now = System.currentTimeMillis() / 1000;
      long expiresAt = expiry(claims, now);
      Long issuedAt = claims.containsKey("iat") ? (long) TokenClaims.numericDate(claims, "iat") : null;
      checkAudience(claims);
      String keyId = header.getValue("kid") instanceof String kid ? kid : null;
      verified = keys.verifierFor(keyId)
        .compose(verifier -> verifier.authenticate(new TokenCredentials(token)))
        .recover(cause -> Future.failedFuture(refusal(keys.knows(keyId) ? "bad signature"
          : "it is signed with a key the identity provider does not list (kid '" + keyId + "')")))
        .map(user -> new VerifiedToken(principal(user.attributes().getJsonObject("accessToken")), expiresAt * 1000,
          issuedAt));
    } catch (IllegalArgumentException e) {
      verified = Future.failedFuture(refusal(e.getMessage()));
    }
    return verified;
  }

  /**
   * The {@code exp} claim, which must be there and in the future, as must {@code nbf} and {@code iat}
   * be numbers in the past where they are; an expiry further away than the configured maximum
   * lifetime is refused, so a leaked token cannot be valid forever.
   */
  private long expiry(JsonObject claims, long nowSeconds) {
    for (String claim : List.of("nbf", "iat")) {
      if (claims.containsKey(claim) && TokenClaims.numericDate(claims, claim) > nowSeconds) {
        throw new IllegalArgumentException(NOT_VALID_NOW);
      }
    }
    if (!claims.containsKey("exp")) {
      throw new IllegalArgumentException("it has no expiry");
    }
    double exp = TokenClaims.numericDate(claims, "exp");
    if (exp <= nowSeconds) {
      throw new IllegalArgumentException(NOT_VALID_NOW);
    }
    if (exp - nowSeconds > maxLifetimeSeconds) {
      throw new IllegalArgumentException("it expires more than " + maxLifetimeSeconds + " s from now (the maximum lifetime)");
    }
    return (long) exp;
  }

  /** {@code iss} must be ours, and {@code aud} (a string or a list) must name us. */
  private void checkAudience(JsonObject claims) {
    if (!issuer.equals(claims.getValue("iss"))) {
      throw new IllegalArgumentException("wrong issuer");
    }
    Object aud = claims.getValue("aud");
    boolean ours = aud instanceof JsonArray list ? list.contains(audience) : audience.equals(aud);
    if (!ours) {
      throw new IllegalArgumentException("wrong audience");
    }
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
}
