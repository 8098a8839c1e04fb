package dev.switchboard.auth;

/** A token that passed verification: who it names, and until when (epoch milliseconds). */
public record VerifiedToken(Principal principal, long expiresAtMillis) {
}
