package dev.switchboard.core;

/**
 * The generic cell rate algorithm: a budget of {@code period / interval} uses that refills one use
 * every {@code interval}, kept as one number, the theoretical arrival time ({@code tat}) of the next
 * use. A use at {@code now} is allowed while the budget holds one; the state after it is the new tat.
 */
public final class Gcra {

  private Gcra() {
  }

  /** The outcome of a use: allowed, with the tat to keep; or refused, with how long until one is allowed. */
  public record Decision(boolean allowed, long tat, long waitMs) {
  }

  /** Decides one use at {@code now} given the kept {@code tat} (0 for none), all in milliseconds. */
  public static Decision use(long tat, long now, long intervalMs, long periodMs) {
    long next = Math.max(tat, now) + intervalMs;
    long ahead = next - now;
    return ahead <= periodMs ? new Decision(true, next, 0) : new Decision(false, tat, ahead - periodMs);
  }
}
