package dev.switchboard.auth;

import dev.switchboard.auth.ClaimNames;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.testing.Jwts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static dev.switchboard.testing.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Production token keys: RS256 public key and JWKS")
class PublicKeyVerificationTest {
  private Vertx vertx;
  private KeyPair keys;
  private KeyPair otherKeys;

  @BeforeAll
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    keys = Jwts.rsaKeys();
    otherKeys = Jwts.rsaKeys();
  }

  @AfterAll
  void tearDown() {
    vertx.close();
  }

  private String signWith(KeyPair pair, String kid) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("RS256").setBuffer(pem("PRIVATE KEY", pair.getPrivate().getEncoded())).setId(kid)));
    return signer.generateToken(new JsonObject().put("name", "Ana").put("role", "agent"),
      new JWTOptions().setAlgorithm("RS256").setSubject("7").setIssuer("idp").setAudience(List.of("switchboard"))
        .setExpiresInMinutes(5).setHeader(new JsonObject().put("kid", kid)));
  }

  @Test
  @DisplayName("a PEM public key verifies tokens signed with its private key, and only those")
  void pemPublicKey() {
    var settings = new JwtSettings("RS256", "", pem("PUBLIC KEY", keys.getPublic().getEncoded()), "", "idp", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT);
    TokenVerifier verifier = await(TokenVerifier.create(vertx, settings));
    assertEquals("7", await(verifier.verify(signWith(keys, "k1"))).principal().id());
    assertThrows(AssertionError.class, () -> await(verifier.verify(signWith(otherKeys, "k1"))));
  }

  @Test
  @DisplayName("keys fetched from a JWKS URL verify tokens by key id")
  void jwksUrl() {
    JsonObject jwk = Jwts.rsaJwk(keys, "k1");
    HttpServer jwks = await(vertx.createHttpServer()
      .requestHandler(request -> request.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode()))
      .listen(0, "127.0.0.1"));
    try {
      var settings = new JwtSettings("RS256", "", "", "http://127.0.0.1:" + jwks.actualPort() + "/jwks.json", "idp", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT);
      TokenVerifier verifier = await(TokenVerifier.create(vertx, settings));
      assertEquals(Role.AGENT, await(verifier.verify(signWith(keys, "k1"))).principal().role());
      assertThrows(AssertionError.class, () -> await(verifier.verify(signWith(otherKeys, "k1"))));
    } finally {
      jwks.close();
    }
  }

  @Test
  @DisplayName("an unreachable JWKS URL fails start-up")
  void unreachableJwks() {
    var settings = new JwtSettings("RS256", "", "", "http://127.0.0.1:1/jwks.json", "idp", "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT);
    var failure = assertThrows(ExecutionException.class,
      () -> TokenVerifier.create(vertx, settings).toCompletionStage().toCompletableFuture().get());
    assertInstanceOf(Exception.class, failure.getCause());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
