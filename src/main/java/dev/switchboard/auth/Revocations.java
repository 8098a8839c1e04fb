package dev.switchboard.auth;

import dev.switchboard.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

import java.time.Duration;

/**
 * Tokens an administrator revoked by disconnecting their user: every token of the user issued up to
 * the kick (by its {@code iat}) is refused from then on, on every node, until it could no longer be
 * valid anyway. The kicks live in the cluster's shared map, each for the longest a token may still
 * be valid ({@code SWITCHBOARD_JWT_MAX_LIFETIME_SECONDS}).
 */
public final class Revocations {
  static final String MAP = "sb.kicks";

  private final AsyncMap<String, Long> kickedAt;
  private final long keepMs;

  private Revocations(AsyncMap<String, Long> kickedAt, Duration maxTokenLifetime) {
    this.kickedAt = kickedAt;
    this.keepMs = maxTokenLifetime.toMillis();
  }

  public static Future<Revocations> open(Vertx vertx, Duration maxTokenLifetime) {
    return vertx.sharedData().<String, Long>getAsyncMap(MAP).map(map -> new Revocations(map, maxTokenLifetime));
  }

  /** Revokes the user's tokens issued up to now; completes once every node would refuse them. */
  public Future<Void> revokeUpTo(String userId, long nowMillis) {
    return kickedAt.put(userId, nowMillis, keepMs);
  }

  /**
   * The token, unless its user was kicked when or after it was issued. {@code iat} counts whole
   * seconds, so a token issued in the second of the kick is refused too; one without {@code iat}
   * is refused while the kick stands.
   */
  public Future<VerifiedToken> check(VerifiedToken token) {
    return kickedAt.get(token.principal().id()).compose(kicked -> kicked == null
      || token.issuedAtSeconds() != null && token.issuedAtSeconds() > kicked / 1000
      ? Future.succeededFuture(token)
      : Future.failedFuture(ErrorCode.AUTH_REQUIRED.exception(
        "the token was revoked: its user was disconnected by an administrator; sign in again for a new one")));
  }
}
