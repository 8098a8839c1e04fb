package dev.switchboard.auth;

/**
 * A token that passed verification: who it names, until when (epoch milliseconds), and when it was
 * issued (its {@code iat}, epoch seconds; null when it has none).
 */
public record VerifiedToken(Principal principal, long expiresAtMillis, Long issuedAtSeconds) {
}
