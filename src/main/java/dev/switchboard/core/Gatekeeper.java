package dev.switchboard.core;

import dev.switchboard.auth.Revocations;
import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.error.ErrorCode;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.List;

/**
 * Finds a client's token wherever its protocol puts it and verifies it. In order: a token the
 * protocol itself carries (Socket.IO's CONNECT {@code auth.token}), the {@code token} query
 * parameter, {@code Authorization: Bearer}, and the auth cookie. The cookie is refused when the
 * request names an {@code Origin} that is not allowed: a browser sends a signed-in user's cookie
 * with a request that any page on any site starts, so without the check that page could act as them.
 * A token of a user an administrator disconnected since it was issued is refused ({@link Revocations}).
 */
public final class Gatekeeper {
  private final TokenVerifier tokens;
  private final Revocations revocations;
  private final String cookieName;
  private final List<String> allowedOrigins;

  public Gatekeeper(TokenVerifier tokens, Revocations revocations, String cookieName, List<String> allowedOrigins) {
    this.tokens = tokens;
    this.revocations = revocations;
    this.cookieName = cookieName;
    this.allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The request's verified token; the failure is coded ({@code AUTH_REQUIRED}, {@code ACCESS_DENIED}). */
  public Future<VerifiedToken> admit(String protocolToken, MultiMap query, MultiMap headers) {
    String token = present(protocolToken) ? protocolToken : query.get("token");
    if (!present(token)) {
      token = TokenVerifier.bearer(headers.get(HttpHeaders.AUTHORIZATION));
    }
    if (!present(token)) {
      String cookie = cookie(headers.get(HttpHeaders.COOKIE));
      if (present(cookie) && !originAllowed(headers.get(HttpHeaders.ORIGIN))) {
        return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception(
          "the auth cookie is not accepted from origin " + headers.get(HttpHeaders.ORIGIN)));
      }
      token = cookie;
    }
    return verify(token);
  }

  /** The token verified and not revoked by a kick of its user; the failure is {@code AUTH_REQUIRED}. */
  public Future<VerifiedToken> verify(String token) {
    return tokens.verify(token).compose(revocations::check);
  }

  /** A request with no {@code Origin} (not a browser's cross-site request), or one of the allowed ones. */
  public boolean originAllowed(String origin) {
    return origin == null || allowedOrigins.contains(origin);
  }

  private String cookie(String header) {
    if (header == null || cookieName.isEmpty()) {
      return null;
    }
    return ServerCookieDecoder.LAX.decode(header).stream()
      .filter(cookie -> cookie.name().equals(cookieName)).map(Cookie::value).findFirst().orElse(null);
  }

  private static boolean present(String token) {
    return token != null && !token.isBlank();
  }
}
