package dev.switchboard.core;

import dev.switchboard.auth.Principal;
import io.vertx.core.Future;

/**
 * A user's budget of a command, shared by all their devices on all nodes: the protocols' door and
 * REST ask it before the command runs, so nothing refused is stored or delivered.
 */
public interface RateLimiter {

  /** Succeeds when {@code principal} may run {@code command} now; fails {@code RATE_LIMIT_EXCEEDED} with the wait otherwise. */
  Future<Void> acquire(Principal principal, String command);
}
