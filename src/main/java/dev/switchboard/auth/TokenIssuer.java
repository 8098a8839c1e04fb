package dev.switchboard.auth;

import dev.switchboard.config.GatewayConfig.JwtSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Duration;
import java.util.List;

/** Mints tokens signed with the configured shared secret (the {@code token} subcommand, tests). */
public final class TokenIssuer {
  private final JWTAuth jwt;
  private final JwtSettings settings;

  public TokenIssuer(Vertx vertx, JwtSettings settings) {
    if (!settings.symmetric() || settings.secret().isBlank()) {
      throw new IllegalArgumentException(
        "minting tokens needs a shared secret: set SWITCHBOARD_JWT_SECRET and an HS* SWITCHBOARD_JWT_ALGORITHM");
    }
    this.settings = settings;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm()).setBuffer(settings.secret())));
  }

  public String mint(Principal principal, Duration ttl) {
    JsonObject claims = new JsonObject()
      .put("name", principal.name())
      .put("role", principal.role().wireName())
      .put("depts", new JsonArray(List.copyOf(principal.depts())));
    return jwt.generateToken(claims, new JWTOptions()
      .setAlgorithm(settings.algorithm())
      .setSubject(principal.id())
      .setIssuer(settings.issuer())
      .setAudience(List.of(settings.audience()))
      .setExpiresInSeconds((int) Math.max(1, ttl.toSeconds())));
  }
}
