package dev.switchboard.auth;

import dev.switchboard.config.GatewayConfig.JwtSettings;
import dev.switchboard.testing.Jwts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.switchboard.testing.TestCluster.await;
import static dev.switchboard.testing.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("An identity provider that rotates its keys (JWKS)")
class JwksRotationTest {
  private static final Duration NO_WAIT = Duration.ZERO;
  private static final Duration AN_HOUR = Duration.ofHours(1);

  private Vertx vertx;
  private KeyPair oldKey;
  private KeyPair newKey;
  private HttpServer provider;
  private final AtomicInteger fetches = new AtomicInteger();
  /** What the provider lists now; null makes it answer 500. */
  private volatile JsonArray listed;
  private volatile String cacheControl;

  @BeforeAll
  void keys() {
    vertx = Vertx.vertx();
    oldKey = Jwts.rsaKeys();
    newKey = Jwts.rsaKeys();
  }

  @BeforeEach
  void startProvider() {
    fetches.set(0);
    listed = new JsonArray().add(Jwts.rsaJwk(oldKey, "old"));
    cacheControl = null;
    provider = await(vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1"));
  }

  private void answer(HttpServerRequest request) {
    fetches.incrementAndGet();
    JsonArray keys = listed;
    if (keys == null) {
      request.response().setStatusCode(500).end();
      return;
    }
    if (cacheControl != null) {
      request.response().putHeader("Cache-Control", cacheControl);
    }
    request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("keys", keys).encode());
  }

  @AfterEach
  void stopProvider() {
    await(provider.close());
  }

  @AfterAll
  void close() {
    vertx.close();
  }

  private TokenVerifier verifier(Duration refetchInterval) {
    var settings = new JwtSettings("RS256", "", "", "http://127.0.0.1:" + provider.actualPort() + "/jwks.json", "idp",
      "switchboard", JwtSettings.DEFAULT_MAX_LIFETIME, ClaimNames.DEFAULT);
    return await(TokenVerifier.create(vertx, settings, refetchInterval));
  }

  private static String refusal(TokenVerifier verifier, String token) {
    var failure = assertThrows(ExecutionException.class,
      () -> verifier.verify(token).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    return failure.getCause().getMessage();
  }

  private static boolean accepted(TokenVerifier verifier, String token) {
    return await(verifier.verify(token).map(true).otherwise(false));
  }

  @Test
  @DisplayName("a token signed with a key added after start-up is accepted: its unknown kid fetches the set again")
  void newKeyFetched() {
    TokenVerifier verifier = verifier(NO_WAIT);
    listed = new JsonArray().add(Jwts.rsaJwk(oldKey, "old")).add(Jwts.rsaJwk(newKey, "new"));

    assertEquals("7", await(verifier.verify(Jwts.rs256(newKey, "new"))).principal().id());
    assertTrue(accepted(verifier, Jwts.rs256(oldKey, "old")), "the old key still verifies while it is listed");
    assertEquals(2, fetches.get(), "one fetch at start-up, one for the new kid");
  }

  @Test
  @DisplayName("unknown kids fetch the set at most once per interval, and are refused as unknown keys")
  void unknownKidsRateLimited() {
    TokenVerifier verifier = verifier(AN_HOUR);
    for (int i = 0; i < 20; i++) {
      assertEquals("invalid token: it is signed with a key the identity provider does not list (kid 'made-up-" + i + "')",
        refusal(verifier, Jwts.rs256(newKey, "made-up-" + i)));
    }
    assertEquals(1, fetches.get(), "only the fetch at start-up");
  }

  @Test
  @DisplayName("concurrent tokens with a new kid share one fetch")
  void oneFetchAtATime() {
    TokenVerifier verifier = verifier(NO_WAIT);
    listed = new JsonArray().add(Jwts.rsaJwk(newKey, "new"));
    List<Boolean> results = await(Future.all(IntStream.range(0, 10)
      .mapToObj(i -> verifier.verify(Jwts.rs256(newKey, "new")).map(true)).toList())).list();
    assertEquals(List.of(true, true, true, true, true, true, true, true, true, true), results);
    assertEquals(2, fetches.get());
  }

  @Test
  @DisplayName("while the provider fails, the last good set keeps verifying")
  void lastGoodSetKept() {
    cacheControl = "max-age=0";
    TokenVerifier verifier = verifier(NO_WAIT);
    listed = null;

    assertTrue(accepted(verifier, Jwts.rs256(oldKey, "old")));
    assertTrue(refusal(verifier, Jwts.rs256(newKey, "new")).contains("does not list (kid 'new')"));
    eventually("the failed refreshes to have been tried", fetches::get, count -> count >= 2);
    assertTrue(accepted(verifier, Jwts.rs256(oldKey, "old")), "still verifying with the set fetched at start-up");
  }

  @Test
  @DisplayName("the set is kept for the provider's max-age; once it is stale, a removed key stops verifying")
  void cacheControlHonoured() {
    cacheControl = "public, max-age=3600";
    TokenVerifier fresh = verifier(NO_WAIT);
    listed = new JsonArray().add(Jwts.rsaJwk(newKey, "new"));
    assertTrue(accepted(fresh, Jwts.rs256(oldKey, "old")), "within max-age the set is not fetched again");
    assertEquals(1, fetches.get());

    cacheControl = "no-cache";
    listed = new JsonArray().add(Jwts.rsaJwk(oldKey, "old"));
    TokenVerifier stale = verifier(NO_WAIT);
    listed = new JsonArray().add(Jwts.rsaJwk(newKey, "new"));
    // a stale set still answers at once, and is refreshed behind that answer
    eventually("the removed key to be refused", () -> accepted(stale, Jwts.rs256(oldKey, "old")), ok -> !ok);
    assertTrue(accepted(stale, Jwts.rs256(newKey, "new")));
  }
}
