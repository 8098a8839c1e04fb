package dev.switchboard.core;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.metrics.GatewayMetrics;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * What every protocol's session shares: whose it is and until when; the client's requests in the
 * order it sent them (one waits while the one before it subscribes, so a join is in effect for what
 * follows); a write that closes a client too slow to read instead of buffering without end; and a
 * close that happens, and is counted, once: a slow consumer stays slow until its channel closes.
 */
public abstract class ProtocolSession implements HubSession {
  private static final Future<?> IDLE = Future.succeededFuture();

  private final Principal principal;
  private final long expiresAt;
  private final GatewayMetrics metrics;
  private Future<?> queue = IDLE;
  private long lastSeen;
  private boolean closed;

  protected ProtocolSession(VerifiedToken token, GatewayMetrics metrics, long now) {
    this.principal = token.principal();
    this.expiresAt = token.expiresAtMillis();
    this.metrics = metrics;
    this.lastSeen = now;
  }

  @Override
  public final Principal principal() {
    return principal;
  }

  @Override
  public final long expiresAt() {
    return expiresAt;
  }

  /** A frame of the session's encoder; null, where the protocol has no such event, writes nothing. */
  @Override
  public final void write(String frame) {
    if (closed || frame == null) {
      return;
    }
    if (writeQueueFull()) {
      close(CloseReason.SLOW_CONSUMER);
      return;
    }
    send(frame);
  }

  @Override
  public final void close(CloseReason reason) {
    if (closed) {
      return;
    }
    closed = true;
    metrics.closed(reason.metricLabel());
    end(reason);
  }

  /**
   * Runs {@code next} once what the client sent before it is done; what it returns holds the ones after.
   * Once the last one is done the queue lets go of it: a finished future keeps its function, and with
   * it the request and its reply, for as long as it is referenced (about 500 bytes per idle session).
   */
  public final void then(Supplier<Future<?>> next) {
    Future<?> tail = queue.transform(done -> next.get());
    queue = tail;
    tail.onComplete(done -> {
      if (queue == tail) {
        queue = IDLE;
      }
    });
  }

  /** The client was heard from (any frame, a ping). */
  public final void seen(long now) {
    lastSeen = now;
  }

  @Override
  public boolean idleSince(long deadline) {
    return lastSeen < deadline;
  }

  protected final boolean closed() {
    return closed;
  }

  /** The connection is gone or was ended otherwise: nothing more is written, and no close is counted. */
  public final void ended() {
    closed = true;
  }

  /** Whether the client is not reading and the socket's outbound buffer is full. */
  protected abstract boolean writeQueueFull();

  /** Writes a frame on the connection. */
  protected abstract void send(String frame);

  /** Says why in the protocol's form and ends the connection. */
  protected abstract void end(CloseReason reason);
}
