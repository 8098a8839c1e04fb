package dev.switchboard.presence;

import dev.switchboard.auth.Principal;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Consumer;

/**
 * Who is online across the cluster: a user is online while at least one of their sessions is open on
 * a live node. Not durable; each node keeps its own view, and a node that dies takes its sessions
 * with it within a bounded time. Confined to the event loop of the verticle that owns it.
 */
public interface Presence {

  /** Starts taking part in the cluster's presence; {@code changes} hears every online/offline flip. */
  Future<Void> start(Consumer<PresenceChange> changes);

  /** Tells the cluster this node is leaving, so its users need not wait for the timeout. */
  Future<Void> stop();

  /** A session opened on this node. */
  void opened(String sessionId, Principal principal);

  /** A session closed on this node (unknown ids are ignored). */
  void closed(String sessionId);

  /** The user showed a sign of life (a heartbeat); nothing changes for a user with no session on this node. */
  void seen(String userId);

  /** Everyone online, by user id. */
  List<OnlineUser> online();

  /** One user's presence; offline users have zero connections. */
  UserPresence user(String userId);

  /** Cluster-wide load, as of the nodes' last heartbeats. */
  ClusterLoad load();
}
