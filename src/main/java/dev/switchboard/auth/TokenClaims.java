package dev.switchboard.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads a compact JWT's claims for their shape only; whether they can be trusted is the signature's business. */
final class TokenClaims {

  private TokenClaims() {
  }

  /** The payload of {@code header.payload.signature} as JSON; {@link IllegalArgumentException} when it is none. */
  static JsonObject decode(String token) {
    return part(token, 1, "its claims are not a base64url JSON object");
  }

  /** The header of {@code header.payload.signature} ({@code alg}, {@code kid}); {@link IllegalArgumentException} when it is none. */
  static JsonObject header(String token) {
    return part(token, 0, "its header is not a base64url JSON object");
  }

  private static JsonObject part(String token, int index, String unreadable) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("it is not a signed JWT (header.payload.signature)");
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(unreadable);
    }
  }

  /** A NumericDate claim (RFC 7519: seconds since the epoch, a JSON number, possibly fractional). */
  static double numericDate(JsonObject claims, String claim) {
    if (!(claims.getValue(claim) instanceof Number number) || !Double.isFinite(number.doubleValue())
      || number.doubleValue() < 0) {
      throw new IllegalArgumentException("claim '" + claim + "' must be a number of seconds since the epoch");
    }
    return number.doubleValue();
  }
}
