package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.ext.auth.jwt.JWTAuth;

/** Where a token's signature is checked: one configured key, or the identity provider's current key set. */
interface SigningKeys {

  /** The verifier for a token signed with key {@code keyId} (null when the token names none). */
  Future<JWTAuth> verifierFor(String keyId);

  /** Whether {@code keyId} is among the keys (a token that names none may be any of them). */
  boolean knows(String keyId);

  /** A single key, known whatever id a token gives it. */
  static SigningKeys fixed(JWTAuth verifier) {
    Future<JWTAuth> ready = Future.succeededFuture(verifier);
    return new SigningKeys() {
      @Override
      public Future<JWTAuth> verifierFor(String keyId) {
        return ready;
      }

      @Override
      public boolean knows(String keyId) {
        return true;
      }
    };
  }
}
