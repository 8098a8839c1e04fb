package dev.switchboard.auth;

import dev.switchboard.auth.ClaimNames;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.testing.Jwts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Token verification")
class TokenVerifierTest {
  private static final String SECRET = "unit-test-secret-0123456789-0123456789";
  private static final JwtSettings SETTINGS = new JwtSettings("HS256", SECRET, "", "", "switchboard", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT);

  private Vertx vertx;
  private TokenVerifier verifier;

  @BeforeAll
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    verifier = TokenVerifier.create(vertx, SETTINGS).toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  void tearDown() {
    vertx.close();
  }

  private static long inAnHour() {
    return System.currentTimeMillis() / 1000 + 3600;
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", 7).put("name", "Ana").put("role", "agent").put("depts", new JsonArray().add(3).add("x"))
      .put("iss", "switchboard").put("aud", "switchboard").put("exp", inAnHour());
  }

  private Principal verify(String token) throws Exception {
    return verifier.verify(token).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).principal();
  }

  private String refusal(String token) {
    var failure = assertThrows(ExecutionException.class, () -> verify(token));
    var coded = assertInstanceOf(GatewayException.class, failure.getCause());
    assertEquals(ErrorCode.AUTH_REQUIRED, coded.code());
    return coded.text();
  }

  @Test
  @DisplayName("a valid token gives the principal from its claims, numbers read as strings")
  void validToken() throws Exception {
    Principal principal = verify(Jwts.hs256(claims(), SECRET));
    assertEquals(new Principal("7", "Ana", Role.AGENT, List.of("3", "x")), principal);
  }

  @Test
  @DisplayName("the verified token carries its expiry")
  void expiry() throws Exception {
    long exp = inAnHour();
    var verified = verifier.verify(Jwts.hs256(claims().put("exp", exp), SECRET)).toCompletionStage().toCompletableFuture().get();
    assertEquals(exp * 1000, verified.expiresAtMillis());
  }

  @Test
  @DisplayName("a token minted by the token command verifies")
  void mintedTokenVerifies() throws Exception {
    String token = new TokenIssuer(vertx, SETTINGS).mint(new Principal("9", "Zed", Role.ADMIN, List.of()), Duration.ofMinutes(5));
    assertEquals(Role.ADMIN, verify(token).role());
  }

  @Test
  @DisplayName("a missing token is refused")
  void missing() {
    assertEquals("a token is required", refusal(null));
    assertEquals("a token is required", refusal(" "));
  }

  @Test
  @DisplayName("an expired token is refused as expired")
  void expired() {
    assertTrue(refusal(Jwts.hs256(claims().put("exp", 1000), SECRET)).contains("expired"));
    assertTrue(refusal(Jwts.hs256(claims().put("nbf", inAnHour()), SECRET)).contains("not valid yet"));
  }

  @Test
  @DisplayName("a token signed with another key is refused")
  void badSignature() {
    assertTrue(refusal(Jwts.hs256(claims(), "another-secret-0123456789-0123456789")).startsWith("invalid token"));
  }

  @Test
  @DisplayName("an unsigned token (alg none) is refused")
  void algNone() {
    String unsigned = Jwts.unsigned("none", claims()) + ".";
    assertTrue(refusal(unsigned).startsWith("invalid token"));
  }

  @Test
  @DisplayName("a wrong issuer or audience is refused and named")
  void wrongIssuerOrAudience() {
    assertTrue(refusal(Jwts.hs256(claims().put("iss", "someone-else"), SECRET)).contains("issuer"));
    assertTrue(refusal(Jwts.hs256(claims().put("aud", "other-app"), SECRET)).contains("audience"));
  }

  @Test
  @DisplayName("a token without expiry, without a valid role or with an object as sub is refused")
  void badClaims() {
    JsonObject noExp = claims();
    noExp.remove("exp");
    assertTrue(refusal(Jwts.hs256(noExp, SECRET)).contains("expiry"));
    assertTrue(refusal(Jwts.hs256(claims().put("role", "root"), SECRET)).contains("role"));
    assertTrue(refusal(Jwts.hs256(claims().put("sub", new JsonObject().put("$ne", 1)), SECRET)).contains("sub"));
    assertTrue(refusal(Jwts.hs256(claims().put("depts", "3"), SECRET)).contains("depts"));
  }

  static Stream<Arguments> malformedClaims() {
    return Stream.of(
      Arguments.of("exp", "x", "'exp' must be a number"),
      Arguments.of("exp", true, "'exp' must be a number"),
      Arguments.of("nbf", "x", "'nbf' must be a number"),
      Arguments.of("iat", "x", "'iat' must be a number"),
      Arguments.of("exp", 1e30, "maximum lifetime"),
      Arguments.of("exp", System.currentTimeMillis() / 1000 + JwtSettings.DEFAULT_MAX_LIFETIME.toSeconds() + 60,
        "maximum lifetime"),
      Arguments.of("sub", "7\r\nrole: admin", "control characters"),
      Arguments.of("name", "Ana\u0000", "control characters"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("malformedClaims")
  @DisplayName("a validly signed token with a malformed claim is refused, and the reason names it")
  void malformedClaim(String claim, Object value, String reason) {
    String text = refusal(Jwts.hs256(claims().put(claim, value), SECRET));
    assertTrue(text.contains(reason), text);
  }

  @Test
  @DisplayName("a provider that keeps the role elsewhere, under its own names, is read where configured")
  void mappedClaims() throws Exception {
    var names = new ClaimNames("app_metadata.role", "app_metadata.depts", java.util.Map.of("support", "agent"));
    var settings = new JwtSettings("HS256", SECRET, "", "", "switchboard", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME, names);
    var mapped = TokenVerifier.create(vertx, settings).toCompletionStage().toCompletableFuture().get();
    JsonObject supabase = claims().put("role", "authenticated")
      .put("app_metadata", new JsonObject().put("role", "support").put("depts", new JsonArray().add(4)));
    supabase.remove("depts");
    var principal = mapped.verify(Jwts.hs256(supabase, SECRET)).toCompletionStage().toCompletableFuture().get().principal();
    assertEquals(new Principal("7", "Ana", Role.AGENT, List.of("4")), principal);
    var refusal = assertThrows(ExecutionException.class, () -> mapped.verify(Jwts.hs256(claims(), SECRET))
      .toCompletionStage().toCompletableFuture().get());
    assertTrue(refusal.getCause().getMessage().contains("'app_metadata.role'"), refusal.getCause().getMessage());
  }

  @Test
  @DisplayName("garbage is refused")
  void garbage() {
    assertTrue(refusal("not.a.token").startsWith("invalid token"));
    assertTrue(refusal("abc").startsWith("invalid token"));
  }

  @Test
  @DisplayName("without any key configured the verifier will not start")
  void noKey() {
    var settings = new JwtSettings("HS256", "", "", "", "switchboard", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT);
    var failure = assertThrows(ExecutionException.class,
      () -> TokenVerifier.create(vertx, settings).toCompletionStage().toCompletableFuture().get());
    assertTrue(failure.getCause().getMessage().contains("SWITCHBOARD_JWT_SECRET"));
  }

  @Test
  @DisplayName("a shared secret shorter than its hash is refused with its length and how to make one, as RFC 7518 asks")
  void shortSecret() {
    var settings = new JwtSettings("HS256", "changeme", "", "", "switchboard", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME,
      ClaimNames.DEFAULT);
    String message = assertThrows(IllegalArgumentException.class, () -> TokenVerifier.check(settings)).getMessage();
    assertEquals("SWITCHBOARD_JWT_SECRET is 8 bytes, and HS256 needs at least 32: generate one, e.g. with"
      + " `openssl rand -hex 32`", message);
    var hs512 = new JwtSettings("HS512", SECRET, "", "", "switchboard", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME,
      ClaimNames.DEFAULT);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TokenVerifier.check(hs512)).getMessage()
      .contains("HS512 needs at least 64"));
    TokenVerifier.check(new JwtSettings("HS256", SECRET, "", "", "switchboard", "switchboard",
      JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT));
  }

  @Test
  @DisplayName("settings that cannot verify anything are refused before start-up goes further, each with the key to fix")
  void settingsChecked() {
    record Case(String algorithm, String publicKey, String jwksUrl, String expected) {
    }
    for (Case bad : List.of(
      new Case("RS257", "", "", "SWITCHBOARD_JWT_ALGORITHM must be one of ["),
      new Case("RS256", "", "", "SWITCHBOARD_JWT_ALGORITHM is RS256, which verifies with a public key"),
      new Case("HS256", "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----", "",
        "SWITCHBOARD_JWT_ALGORITHM is HS256, which is for a shared secret"),
      new Case("ES256", "not a key", "", "SWITCHBOARD_JWT_PUBLIC_KEY is not a PEM EC public key for ES256"),
      new Case("RS256", "", "ftp://idp/jwks", "SWITCHBOARD_JWT_JWKS_URL must be an http or https URL, got 'ftp://idp/jwks'"))) {
      var settings = new JwtSettings(bad.algorithm(), "", bad.publicKey(), bad.jwksUrl(), "switchboard", "switchboard",
        JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT);
      String message = assertThrows(IllegalArgumentException.class, () -> TokenVerifier.check(settings)).getMessage();
      assertTrue(message.startsWith(bad.expected()), message);
    }
  }
}
