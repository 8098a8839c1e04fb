package dev.switchboard.error;

/**
 * A node cannot start for a reason its operator can fix: a port taken, a database or identity
 * provider out of reach, a file in use. The message is the whole story in one line (the key or
 * file, the value, what to do), so it is printed without a stack trace.
 */
public final class StartupFailure extends RuntimeException {

  public StartupFailure(String message) {
    super(message, null, false, false);
  }
}
