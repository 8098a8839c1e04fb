package dev.switchboard.presence;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Revocations;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.payload.Fields;
import dev.switchboard.fanout.RoomBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Presence (seeds 000, 003, 004): who is online across the cluster, heartbeats, the online list and
 * its updates, per-user connection counts, cluster stats for admins, and disconnecting a user
 * everywhere. Every change is told to this node's sessions by this node, once.
 */
public final class PresenceVerticle extends VerticleBase {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  static final long LIST_UPDATE_DELAY_MS = 250;

  private final Presence presence;
  private final long statsIntervalMs;
  private final Duration maxTokenLifetime;
  private RoomBus rooms;
  private Revocations revocations;
  private boolean listUpdatePending;

  public PresenceVerticle(Presence presence, long statsIntervalMs, Duration maxTokenLifetime) {
    this.presence = presence;
    this.statsIntervalMs = statsIntervalMs;
    this.maxTokenLifetime = maxTokenLifetime;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    rooms = new RoomBus(bus);
    vertx.setPeriodic(statsIntervalMs, id -> rooms.publishLocal(Addresses.ADMIN_STATS, Addresses.ROOM_STATS_UPDATE,
      roomStats()));
    return Revocations.open(vertx, maxTokenLifetime).onSuccess(opened -> revocations = opened).compose(v -> Future.all(List.of(
      bus.<JsonObject>localConsumer(Addresses.SESSIONS_OPENED, this::opened).completion(),
      bus.<JsonObject>localConsumer(Addresses.SESSIONS_CLOSED, this::closed).completion(),
      Requests.handle(bus, Addresses.inbound(Addresses.PRESENCE_HEARTBEAT), this::heartbeat),
      Requests.handle(bus, Addresses.inbound(Addresses.PRESENCE_GET_ONLINE_USERS), this::onlineUsers),
      Requests.handle(bus, Addresses.authorizer(Addresses.PRESENCE_FAMILY), this::authorizePresence),
      Requests.handle(bus, Addresses.authorizer(Addresses.ADMIN_FAMILY), this::authorizeAdmin),
      Requests.handle(bus, Addresses.PRESENCE_USER, this::user),
      Requests.handle(bus, Addresses.PRESENCE_STATS, this::stats),
      Requests.handle(bus, Addresses.inbound(Addresses.ADMIN_GET_STATS), this::roomStatsNow),
      Requests.handle(bus, Addresses.PRESENCE_DISCONNECT_USER, this::disconnectUser))))
      .compose(v -> presence.start(this::changed));
  }

  @Override
  public Future<?> stop() {
    return presence.stop();
  }

  private void opened(Message<JsonObject> event) {
    Principal.readFrom(event.headers()).ifPresent(principal -> presence.opened(event.body().getString("session"), principal));
  }

  private void closed(Message<JsonObject> event) {
    presence.closed(event.body().getString("session"));
  }

  /** Tells this node's listeners, and its domains, that a user came or went. */
  private void changed(PresenceChange change) {
    long now = System.currentTimeMillis();
    rooms.publishLocal(Addresses.CHAT_PRESENCE, Addresses.CHAT_USER_STATUS, new JsonObject()
      .put("userId", change.userId()).put("status", change.online() ? "online" : "offline").put("timestamp", now));
    if (!listUpdatePending) {
      listUpdatePending = true;
      vertx.setTimer(LIST_UPDATE_DELAY_MS, id -> publishOnlineList());
    }
    vertx.eventBus().publish(Addresses.PRESENCE_CHANGED, change.toJson(), LOCAL);
  }

  /**
   * The whole list is O(users): a burst of changes (a reconnect wave) sends it once, not once per
   * change, and a node with nobody following it does not build it.
   */
  private void publishOnlineList() {
    listUpdatePending = false;
    rooms.listenedHere(Addresses.PRESENCE_ONLINE_USERS).onSuccess(listened -> {
      if (listened) {
        rooms.publishLocal(Addresses.PRESENCE_ONLINE_USERS, Addresses.ONLINE_USERS_UPDATE,
          new JsonObject().put("onlineUsers", onlineList()));
      }
    });
  }

  private Future<JsonObject> heartbeat(Principal principal, Message<JsonObject> request) {
    presence.seen(principal.id());
    return Future.succeededFuture(new JsonObject().put("userId", principal.id()).put("status", "online")
      .put("timestamp", System.currentTimeMillis()));
  }

  private Future<JsonArray> onlineUsers(Principal principal, Message<JsonObject> request) {
    return visibleTo(principal).map(visible -> principal.role() != Role.CUSTOMER ? onlineList()
      : new JsonArray(presence.online().stream().filter(user -> visible.contains(user.userId())).map(OnlineUser::toJson).toList()));
  }

  private Future<JsonObject> user(Principal principal, Message<JsonObject> request) {
    String userId = Fields.id(request.body(), "userId");
    return visibleTo(principal).compose(visible -> principal.role() != Role.CUSTOMER || visible.contains(userId)
      ? Future.succeededFuture(presence.user(userId).toJson())
      : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("a customer sees the presence of the agents of their own tickets only")));
  }

  /**
   * Whose presence a customer may see: themselves and the agents of their own tickets, the people of
   * their conversations (the support domain says who those are). Staff and backends see everyone:
   * the set is not asked for them.
   */
  private Future<Set<String>> visibleTo(Principal principal) {
    if (principal.role() != Role.CUSTOMER) {
      return Future.succeededFuture(Set.of());
    }
    return vertx.eventBus().<JsonObject>request(Addresses.SUPPORT_AGENTS_OF, new JsonObject(), Requests.as(principal, null))
      .map(reply -> {
        Set<String> visible = new HashSet<>();
        visible.add(principal.id());
        reply.body().getJsonArray("agents").forEach(agent -> visible.add((String) agent));
        return visible;
      });
  }

  /** Admins, and backends (seed 004's {@code getTotalConnections}). */
  private Future<JsonObject> stats(Principal principal, Message<JsonObject> request) {
    return (principal.role().publisher() ? Future.<Void>succeededFuture()
      : Future.<Void>failedFuture(ErrorCode.ACCESS_DENIED.exception("only admins and services may do this"))).map(v -> presence.load().toJson().put("timestamp", System.currentTimeMillis()));
  }

  /**
   * {@code DELETE /sessions/users/{id}}: revokes the user's tokens issued so far, then every node
   * closes that user's sessions; a client that reconnects at once with the same token is refused.
   */
  private Future<JsonObject> disconnectUser(Principal principal, Message<JsonObject> request) {
    return adminOnly(principal).compose(v -> {
      String userId = Fields.id(request.body(), "userId");
      int connections = presence.user(userId).connections();
      return revocations.revokeUpTo(userId, System.currentTimeMillis()).map(revoked -> {
        vertx.eventBus().publish(Addresses.SESSIONS_KICK, new JsonObject().put("userId", userId));
        return new JsonObject().put("userId", userId).put("connections", connections);
      });
    });
  }

  /** Anyone may follow the online list. */
  private Future<JsonObject> authorizePresence(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    if (!Addresses.PRESENCE_ONLINE_USERS.equals(address)) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("unknown address '" + address + "'"));
    }
    return notCustomer(principal, address);
  }

  /** The whole team's comings and goings are not a customer's: they ask for their own agents. */
  public static Future<JsonObject> notCustomer(Principal principal, String address) {
    return principal.role() != Role.CUSTOMER ? Future.succeededFuture(new JsonObject())
      : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("customers do not listen on " + address
        + "; presence:get-online-users tells them about the agents of their tickets"));
  }

  /** Admins only, on the one admin channel. */
  private Future<JsonObject> authorizeAdmin(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    if (!Addresses.ADMIN_STATS.equals(address)) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("unknown address '" + address + "'"));
    }
    return adminOnly(principal).map(new JsonObject());
  }

  /** Seed 003's {@code roomStatsUpdate}, with the cluster's node and connection counts. */
  private Future<JsonObject> roomStatsNow(Principal principal, Message<JsonObject> request) {
    return adminOnly(principal).map(v -> roomStats());
  }

  private JsonObject roomStats() {
    ClusterLoad load = presence.load();
    return new JsonObject().put("totalRooms", load.rooms()).put("activeRooms", load.activeRooms())
      .put("totalUsers", load.users()).put("nodes", load.nodes()).put("totalConnections", load.totalConnections())
      .put("timestamp", System.currentTimeMillis());
  }

  private JsonArray onlineList() {
    return new JsonArray(presence.online().stream().map(OnlineUser::toJson).toList());
  }

  private static Future<Void> adminOnly(Principal principal) {
    return principal.role() == Role.ADMIN ? Future.succeededFuture()
      : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only admins may do this"));
  }
}
