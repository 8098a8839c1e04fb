package dev.switchboard.fanout;

import dev.switchboard.auth.Principal;
import dev.switchboard.bus.Addresses;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's room channels, for the {@link RoomRegistry} of each of its event loops. A room with
 * members on any loop holds exactly one cluster subscription on its channel, however many loops and
 * sessions it has here, so the cluster's subscription state grows with rooms per node, never with
 * connections or loops.
 * <p>
 * The channels live on one loop, the first to start (the home loop). Every room event and
 * multicast the node receives arrives there, is read once (its name, whom it skips, whom it admits)
 * and is handed to each loop with members, the home loop's own at once; each loop then encodes it
 * once per protocol for its sessions. So every loop gets the node's room events in the order the
 * node received them, across rooms too (what the cluster delivered in some order, no loop
 * reorders). The other loops ask the home loop to subscribe and unsubscribe them. The home loop
 * also answers, for the whole node, a session's leave, the snapshot, whether anyone here listens,
 * and who may register on a personal address.
 * <p>
 * Confined to the home loop, but for the list of loops and the session count, which every loop writes.
 */
public final class RoomChannels {
  private final EventBus bus;
  private final Map<String, Channel> channels = new HashMap<>();
  private final List<RoomRegistry> loops = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile RoomRegistry home;

  public RoomChannels(EventBus bus, GatewayMetrics metrics) {
    this.bus = bus;
    metrics.rooms(channels::size);
  }

  /**
   * Adds a loop's registry, from its own context. The first becomes the home loop and starts
   * answering the node's requests there, and hearing the multicasts; completes once it does.
   */
  Future<Void> start(RoomRegistry loop) {
    synchronized (this) {
      loops.add(loop);
      if (home != null) {
        return Future.succeededFuture();
      }
      home = loop;
    }
    return Future.all(bus.localConsumer(Addresses.SESSIONS_LEAVE, this::onLeave).completion(),
      bus.<JsonObject>localConsumer(Addresses.authorizer(Addresses.USER_FAMILY), this::authorizePersonal).completion(),
      bus.localConsumer(Addresses.SESSIONS_SNAPSHOT, this::snapshot).completion(),
      bus.<JsonObject>localConsumer(Addresses.SESSIONS_LISTENING, this::listening).completion(),
      bus.<JsonObject>consumer(Addresses.ROOMS_MULTICAST, this::multicast).completion())
      .mapEmpty();
  }

  /**
   * Makes {@code loop} receive the room's events; the subscription is opened when the room has no
   * member on the node yet. Completes, on the loop's context, once the node receives them.
   */
  Future<Void> subscribe(String room, RoomRegistry loop) {
    return home.call(() -> {
      Channel channel = channels.computeIfAbsent(room, this::open);
      channel.loops = with(channel.loops, loop);
      return channel.consumer.completion();
    });
  }

  /** {@code loop} has no member of the room left; the last loop to leave takes the subscription with it. */
  void unsubscribe(String room, RoomRegistry loop) {
    home.call(() -> {
      Channel channel = channels.get(room);
      if (channel != null) {
        channel.loops = without(channel.loops, loop);
        if (channel.loops.length == 0) {
          channels.remove(room);
          channel.consumer.unregister();
        }
      }
      return Future.succeededFuture();
    });
  }

  void sessionAdded() {
    sessions.incrementAndGet();
  }

  void sessionRemoved() {
    sessions.decrementAndGet();
  }

  private Channel open(String room) {
    Channel channel = new Channel(room);
    channel.consumer = bus.consumer(Addresses.roomChannel(room), message -> receive(channel, message));
    return channel;
  }

  private void receive(Channel channel, Message<Buffer> message) {
    channel.lastEventAt = System.currentTimeMillis();
    if (message.headers().contains(RoomBus.HEADER_ACCESS_CHANGED)) {
      for (RoomRegistry loop : channel.loops) {
        loop.accessChanged(channel.address);
      }
      return;
    }
    String ticket = message.headers().get(RoomBus.HEADER_TICKET);
    RoomEvent event = RoomEvent.of(message.headers().get(Addresses.HEADER_EVENT), message.body(),
      message.headers().get(RoomBus.HEADER_EXCLUDE), Audience.valueOf(message.headers().get(RoomBus.HEADER_AUDIENCE))
        .admitting(ticket == null ? null : new JsonObject(ticket)));
    for (RoomRegistry loop : channel.loops) {
      loop.receive(channel.rooms, event);
    }
  }

  /** The rooms of a multicast that have members here get the event: each loop once, for all its rooms of it. */
  private void multicast(Message<JsonObject> message) {
    JsonObject body = message.body();
    Map<RoomRegistry, List<String>> roomsByLoop = new IdentityHashMap<>();
    for (Object address : body.getJsonArray("rooms")) {
      Channel channel = channels.get((String) address);
      if (channel != null) {
        channel.lastEventAt = System.currentTimeMillis();
        for (RoomRegistry loop : channel.loops) {
          roomsByLoop.computeIfAbsent(loop, l -> new ArrayList<>()).add(channel.address);
        }
      }
    }
    if (!roomsByLoop.isEmpty()) {
      RoomEvent event = RoomEvent.of(body.getString("event"), body.getJsonObject("payload").toBuffer(), null,
        principal -> true);
      roomsByLoop.forEach((loop, rooms) -> loop.receive(rooms, event));
    }
  }

  /** The session may be on any loop: each takes it out if it is theirs, and the answer waits for all. */
  private void onLeave(Message<JsonObject> message) {
    String sessionId = message.body().getString("session");
    String room = message.body().getString("room");
    Future.all(loops.stream().map(loop -> loop.call(() -> {
      loop.leave(sessionId, room);
      return Future.succeededFuture();
    })).toList()).onComplete(left -> message.reply(null));
  }

  private void authorizePersonal(Message<JsonObject> message) {
    var principal = Principal.readFrom(message.headers());
    if (principal.isPresent() && Addresses.user(principal.get().id()).equals(message.body().getString("address"))) {
      message.reply(new JsonObject());
    } else {
      ErrorCode.ACCESS_DENIED.exception("only its owner may listen on " + message.body().getString("address")).failOn(message);
    }
  }

  /** Sessions on this node, the conversation rooms they are in, and those with an event in the last minute. */
  private void snapshot(Message<Object> request) {
    long since = System.currentTimeMillis() - RoomRegistry.ACTIVE_WINDOW_MS;
    JsonArray all = new JsonArray();
    JsonArray active = new JsonArray();
    channels.values().stream().filter(channel -> Addresses.isConversation(channel.address)).forEach(channel -> {
      all.add(channel.address);
      if (channel.lastEventAt >= since) {
        active.add(channel.address);
      }
    });
    request.reply(new JsonObject().put("sessions", sessions.get()).put("rooms", all).put("active", active));
  }

  private void listening(Message<JsonObject> request) {
    request.reply(new JsonObject().put("listening", channels.containsKey(request.body().getString("room"))));
  }

  private static RoomRegistry[] with(RoomRegistry[] loops, RoomRegistry loop) {
    if (Arrays.asList(loops).contains(loop)) {
      return loops;
    }
    RoomRegistry[] more = Arrays.copyOf(loops, loops.length + 1);
    more[loops.length] = loop;
    return more;
  }

  private static RoomRegistry[] without(RoomRegistry[] loops, RoomRegistry loop) {
    return Arrays.stream(loops).filter(member -> member != loop).toArray(RoomRegistry[]::new);
  }

  /** A room's one subscription on the node, and the loops it feeds. */
  private static final class Channel {
    final String address;
    /** The room alone, as the loops take the rooms of an event. */
    final List<String> rooms;
    MessageConsumer<Buffer> consumer;
    RoomRegistry[] loops = new RoomRegistry[0];
    long lastEventAt;

    Channel(String address) {
      this.address = address;
      this.rooms = List.of(address);
    }
  }
}
