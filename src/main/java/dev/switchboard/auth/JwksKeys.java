package dev.switchboard.auth;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.error.StartupFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The identity provider's key set, kept current as it rotates its keys. It is fetched with a
 * timeout, kept for as long as the provider's {@code Cache-Control: max-age} says (refreshed in the
 * background after that), and fetched again at once for a token signed with a key id it does not
 * list, at most once per {@link #DEFAULT_REFETCH_INTERVAL}, so a flood of made-up key ids cannot
 * flood the provider. A refresh that fails leaves the last good set in use.
 */
final class JwksKeys implements SigningKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  /** How long one fetch may take, connecting included. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
  /** How long a set is fresh when the provider sends no {@code max-age}. */
  static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
  /** The longest a set is kept, whatever the provider says: a removed key stops working within this. */
  static final Duration LONGEST_MAX_AGE = Duration.ofHours(24);
  /** The least time between two fetches, whatever asks for them. */
  static final Duration DEFAULT_REFETCH_INTERVAL = Duration.ofSeconds(30);
  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*(\\d{1,10})");
  private static final Pattern NO_CACHE = Pattern.compile("(?:^|[,\\s])no-(?:cache|store)(?:$|[,\\s])");
  /** The connection's own timeout, just beyond the fetch's, so the fetch's clearer message is the one seen. */
  private static final long SOCKET_TIMEOUT_MS = FETCH_TIMEOUT.toMillis() + 1000;

  private final Vertx vertx;
  private final String url;
  private final JWTOptions jwtOptions;
  private final Duration refetchInterval;
  private final HttpClient client;
  /**
   * Every fetch runs here. A request made from another context than the one its pooled connection
   * answers on gets its response's listeners called later, on its own thread, by which time the
   * body may be gone: verify() is called from every event loop, so the fetches need one of their own.
   */
  private final Context context;
  private final AtomicReference<Future<KeySet>> refresh = new AtomicReference<>();
  private volatile KeySet current;
  private volatile long lastFetchNanos;

  /** A fetched set: its verifier, its key ids, and until when it is fresh. */
  private record KeySet(JWTAuth verifier, Set<String> keyIds, long freshUntilNanos, Instant fetchedAt) {
  }

  private JwksKeys(Vertx vertx, String url, JWTOptions jwtOptions, Duration refetchInterval) {
    this.vertx = vertx;
    this.url = url;
    this.jwtOptions = jwtOptions;
    this.refetchInterval = refetchInterval;
    this.client = vertx.createHttpClient();
    this.context = vertx.getOrCreateContext();
  }

  /** Fetches the set once; a failure says, in one line, what is wrong with {@value ConfigKeys#JWT_JWKS_URL}. */
  static Future<JwksKeys> fetch(Vertx vertx, String url, JWTOptions jwtOptions, Duration refetchInterval) {
    var keys = new JwksKeys(vertx, url, jwtOptions, refetchInterval);
    keys.lastFetchNanos = System.nanoTime();
    return keys.load()
      .onSuccess(set -> keys.current = set)
      .map(keys)
      .onFailure(cause -> keys.client.close());
  }

  @Override
  public Future<JWTAuth> verifierFor(String keyId) {
    KeySet set = current;
    long now = System.nanoTime();
    if (!knows(keyId) && mayFetch(now)) {
      return refresh().map(KeySet::verifier);
    }
    if (now - set.freshUntilNanos() > 0 && mayFetch(now)) {
      refresh();
    }
    return Future.succeededFuture(set.verifier());
  }

  @Override
  public boolean knows(String keyId) {
    return keyId == null || current.keyIds().contains(keyId);
  }

  private boolean mayFetch(long now) {
    return now - lastFetchNanos >= refetchInterval.toNanos();
  }

  /** One refresh at a time; its outcome is the new set, or the last good one when it failed. */
  private Future<KeySet> refresh() {
    Promise<KeySet> mine = Promise.promise();
    Future<KeySet> running = refresh.compareAndExchange(null, mine.future());
    if (running != null) {
      return running;
    }
    lastFetchNanos = System.nanoTime();
    load().onComplete(done -> {
      if (done.succeeded()) {
        current = done.result();
      } else {
        LOG.warn("Refreshing the token keys failed, so the set fetched at {} stays in use: {}", current.fetchedAt(),
          done.cause().getMessage());
      }
      refresh.set(null);
      mine.complete(current);
    });
    return mine.future();
  }

  private Future<KeySet> load() {
    Promise<KeySet> loaded = Promise.promise();
    context.runOnContext(v -> load(loaded));
    return loaded.future();
  }

  private void load(Promise<KeySet> loaded) {
    long timer = vertx.setTimer(FETCH_TIMEOUT.toMillis(), id -> loaded.tryFail(failure(
      "did not answer within " + FETCH_TIMEOUT.toSeconds() + " s: check the URL and that the identity provider is up")));
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setConnectTimeout(SOCKET_TIMEOUT_MS).setIdleTimeout(SOCKET_TIMEOUT_MS))
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> keySet(response, body)))
      .onComplete(done -> {
        vertx.cancelTimer(timer);
        if (done.succeeded()) {
          loaded.tryComplete(done.result());
        } else {
          loaded.tryFail(described(done.cause()));
        }
      });
  }

  private KeySet keySet(HttpClientResponse response, Buffer body) {
    if (response.statusCode() != 200) {
      throw failure("answered HTTP " + response.statusCode() + ": check the URL (it is the provider's jwks_uri)");
    }
    JsonArray keys;
    try {
      keys = body.toJsonObject().getJsonArray("keys");
    } catch (DecodeException | ClassCastException e) {
      keys = null;
    }
    if (keys == null || keys.isEmpty()) {
      throw failure("is not a JWKS (a JSON object with a non-empty \"keys\" array): check the URL");
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions);
    keys.forEach(key -> options.addJwk((JsonObject) key));
    Set<String> ids = keys.stream().map(key -> ((JsonObject) key).getString("kid")).filter(id -> id != null)
      .collect(Collectors.toUnmodifiableSet());
    return new KeySet(JWTAuth.create(vertx, options), ids, System.nanoTime() + maxAge(response).toNanos(), Instant.now());
  }

  /** {@code Cache-Control: max-age}, within our bounds; {@code no-cache} keeps a set only for the refetch interval. */
  private Duration maxAge(HttpClientResponse response) {
    String cacheControl = response.getHeader("Cache-Control");
    if (cacheControl == null) {
      return DEFAULT_MAX_AGE;
    }
    if (NO_CACHE.matcher(cacheControl).find()) {
      return refetchInterval;
    }
    Matcher matcher = MAX_AGE.matcher(cacheControl);
    if (!matcher.find()) {
      return DEFAULT_MAX_AGE;
    }
    Duration maxAge = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
    return maxAge.compareTo(LONGEST_MAX_AGE) > 0 ? LONGEST_MAX_AGE : maxAge;
  }

  private StartupFailure described(Throwable cause) {
    if (cause instanceof StartupFailure known) {
      return known;
    }
    if (cause instanceof ConnectException) {
      return failure("refused the connection: check the URL and that the identity provider is up");
    }
    if (cause instanceof UnknownHostException) {
      return failure("names a host that does not resolve: check the URL");
    }
    return failure("could not be fetched (" + cause.getClass().getSimpleName() + ": "
      + String.valueOf(cause.getMessage()).lines().findFirst().orElse("") + ")");
  }

  private StartupFailure failure(String what) {
    return new StartupFailure(ConfigKeys.JWT_JWKS_URL + " " + url + " " + what);
  }
}
