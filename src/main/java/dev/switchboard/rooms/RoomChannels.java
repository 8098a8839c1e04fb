package dev.switchboard.rooms;

import dev.switchboard.bus.Addresses;
import dev.switchboard.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's room channels, shared by the {@link RoomRegistry} of each of its event loops. A room
 * with members on any loop holds exactly one cluster subscription on its channel, however many
 * loops and sessions it has here, so the cluster's subscription state grows with rooms per node,
 * never with connections or loops. Each event is read once (its name, whom it skips, whom it
 * admits) and handed to every loop with members, which encodes it once per protocol for its own
 * sessions. The subscription's handler runs on the loop that opened it: that loop's sessions get
 * the event at once, the other loops' in their turn, each loop's in the order the node received them.
 * <p>
 * Thread-safe: each loop subscribes, leaves and counts from its own thread.
 */
public final class RoomChannels {
  private final EventBus bus;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final List<RoomRegistry> loops = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();

  public RoomChannels(EventBus bus, GatewayMetrics metrics) {
    this.bus = bus;
    metrics.rooms(channels::size);
  }

  /** A loop's registry, from its start: a session's leave is looked for on every loop. */
  void add(RoomRegistry loop) {
    loops.add(loop);
  }

  /**
   * Makes {@code loop} receive the room's events; the subscription is opened when the room has no
   * member on the node yet. Completes, on the loop's context, once the node receives them.
   */
  Future<Void> subscribe(String room, RoomRegistry loop) {
    Channel channel = channels.compute(room, (address, open) -> {
      Channel joined = open != null ? open : open(address);
      joined.loops = with(joined.loops, loop);
      return joined;
    });
    return loop.told(channel.consumer.completion());
  }

  /** {@code loop} has no member of the room left; the last loop to leave takes the subscription with it. */
  void unsubscribe(String room, RoomRegistry loop) {
    channels.computeIfPresent(room, (address, channel) -> {
      channel.loops = without(channel.loops, loop);
      if (channel.loops.length > 0) {
        return channel;
      }
      channel.consumer.unregister();
      return null;
    });
  }

  private Channel open(String room) {
    Channel channel = new Channel(room);
    // registered from the calling loop's thread, so its handler runs there
    channel.consumer = bus.consumer(Addresses.roomChannel(room), message -> receive(channel, message));
    return channel;
  }

  private void receive(Channel channel, Message<Buffer> message) {
    channel.lastEventAt = System.currentTimeMillis();
    RoomRegistry[] members = channel.loops;
    if (message.headers().contains(RoomBus.HEADER_ACCESS_CHANGED)) {
      for (RoomRegistry loop : members) {
        loop.accessChanged(channel.address);
      }
      return;
    }
    String ticket = message.headers().get(RoomBus.HEADER_TICKET);
    RoomEvent event = RoomEvent.of(message.headers().get(Addresses.HEADER_EVENT), message.body(),
      message.headers().get(RoomBus.HEADER_EXCLUDE), Audience.valueOf(message.headers().get(RoomBus.HEADER_AUDIENCE))
        .admitting(ticket == null ? null : new JsonObject(ticket)));
    for (RoomRegistry loop : members) {
      loop.receive(channel.address, event);
    }
  }

  /** Whether any session of the node is in the room. */
  boolean listened(String room) {
    return channels.containsKey(room);
  }

  /** Notes an event of a multicast in a room with members here, for the snapshot's active rooms. */
  void multicastIn(String room) {
    Channel channel = channels.get(room);
    if (channel != null) {
      channel.lastEventAt = System.currentTimeMillis();
    }
  }

  void sessionAdded() {
    sessions.incrementAndGet();
  }

  void sessionRemoved() {
    sessions.decrementAndGet();
  }

  /** Takes the session out of the room on whichever loop holds it; completes on the caller's context. */
  Future<Void> leave(String sessionId, String room) {
    return Future.all(loops.stream().map(loop -> loop.onLoop(() -> loop.leave(sessionId, room))).toList()).mapEmpty();
  }

  /** Sessions on the node, the conversation rooms they are in, and those with an event since {@code since}. */
  JsonObject snapshot(long since) {
    JsonArray all = new JsonArray();
    JsonArray active = new JsonArray();
    channels.values().stream().filter(channel -> Addresses.isConversation(channel.address)).forEach(channel -> {
      all.add(channel.address);
      if (channel.lastEventAt >= since) {
        active.add(channel.address);
      }
    });
    return new JsonObject().put("sessions", sessions.get()).put("rooms", all).put("active", active);
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
    MessageConsumer<Buffer> consumer;
    /** Replaced, never changed, and only under the map's lock for the room: the handler reads it without one. */
    volatile RoomRegistry[] loops = new RoomRegistry[0];
    volatile long lastEventAt;

    Channel(String address) {
      this.address = address;
    }
  }
}
