package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.LocalRecords;
import dev.switchboard.chat.AppendResult;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.channels.Channel;
import dev.switchboard.channels.ChannelStore;
import dev.switchboard.channels.Platform;
import dev.switchboard.conversations.Conversation;
import dev.switchboard.conversations.ConversationStore;
import dev.switchboard.conversations.ReadMark;
import dev.switchboard.error.GatewayException;
import dev.switchboard.notifications.Notification;
import dev.switchboard.store.TicketStoreProxy.TicketCodec;
import dev.switchboard.support.NewTicketMessage;
import dev.switchboard.payload.SeqRange;
import dev.switchboard.support.Ticket;
import dev.switchboard.support.TicketChanges;
import dev.switchboard.support.TicketMessage;
import dev.switchboard.support.TicketQuery;
import dev.switchboard.support.TicketScope;
import dev.switchboard.metrics.GatewayMetrics;
import io.micrometer.core.instrument.Timer;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.connection.TransportSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.error.StartupFailure;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.impl.config.MongoClientOptionsParser;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Owns this node's MongoDB client and answers the store's node-local addresses. */
public final class StoreVerticle extends VerticleBase {
  /** How long a request waits for a reachable database before it fails with STORE_UNAVAILABLE. */
  static final long SERVER_SELECTION_TIMEOUT_MS = 5000;
  private static final long QUIESCE_POLL_MS = 20;
  /** How often expired Socket.IO recovery records are removed (every node does it; it is idempotent). */
  private static final long RECOVERY_PURGE_MS = 60_000;
  /** The node's one client, under the name Vert.x shares clients by within a node. */
  private static final String DATA_SOURCE = "switchboard-store";

  private final JsonObject mongoConfig;
  private final GatewayMetrics metrics;
  private final RoomOwners owners;
  private MongoClient mongo;
  private MongoChatStore chat;
  private MongoTicketStore tickets;
  private MongoNotificationStore notifications;
  private MongoConversationStore conversations;
  private MongoChannelStore channels;
  private MongoRecoveryStore recovery;
  private long purgeTimer;
  private int inFlight;

  public StoreVerticle(String connectionString, String database, GatewayMetrics metrics, RoomOwners owners) {
    this.metrics = metrics;
    this.owners = owners;
    this.mongoConfig = new JsonObject().put("connection_string", connectionString).put("db_name", database);
    // The driver would wait 30 s for an unreachable database; a URI that says otherwise wins.
    if (!connectionString.contains("serverSelectionTimeoutMS")) {
      mongoConfig.put("serverSelectionTimeoutMS", SERVER_SELECTION_TIMEOUT_MS);
    }
  }

  @Override
  public Future<?> start() {
    mongo = MongoClient.createWithMongoSettings(vertx, mongoConfig, DATA_SOURCE, driverSettings(vertx, mongoConfig));
    chat = new MongoChatStore(mongo, metrics::storeBatch);
    tickets = new MongoTicketStore(mongo, metrics::storeBatch);
    notifications = new MongoNotificationStore(mongo);
    conversations = new MongoConversationStore(mongo, chat);
    channels = new MongoChannelStore(mongo);
    recovery = new MongoRecoveryStore(mongo);
    purgeTimer = vertx.setPeriodic(RECOVERY_PURGE_MS, id -> recovery.purge(System.currentTimeMillis()));
    owners.onMove(() -> context.runOnContext(v -> chat.forgetRooms()));
    EventBus bus = vertx.eventBus();
    String node = owners.localNode();
    return Future.all(List.of(chat.createIndexes(), tickets.createIndexes(), notifications.createIndexes(),
      conversations.createIndexes(), channels.createIndexes(), recovery.createIndexes())).recover(this::unreachable)
      .compose(v -> Future.all(List.of(
      answer(bus, Addresses.STORE_CHANNEL_CREATE, timed("channel.create", body -> channels.create(Channel.fromJson(body))
        .map(Channel::toJson))),
      answer(bus, Addresses.STORE_CHANNEL_LIST, body -> channels.list()
        .map(list -> new JsonArray(list.stream().map(Channel::toJson).toList()))),
      answer(bus, Addresses.STORE_CHANNEL_FIND, body -> channels.find(body.getString("channelId")).map(Channel::toJson)),
      answer(bus, Addresses.STORE_CHANNEL_DELETE, timed("channel.delete", body -> channels.delete(body.getString("channelId"))
        .map(deleted -> new JsonObject().put("deleted", deleted)))),
      answer(bus, Addresses.STORE_EXTERNAL_CUSTOMER, timed("channel.customer", body -> channels.customer(
        Platform.named(body.getString("platform")), body.getString("externalId"), body.getString("name"))
        .map(ChannelStore.ExternalCustomer::toJson))),
      answer(bus, Addresses.STORE_EXTERNAL_TICKET, timed("channel.customer-ticket", body -> channels.openedTicket(
        body.getString("key"), body.getString("ticketId")).map(new JsonObject()))),
      answer(bus, Addresses.STORE_OUTBOX_CLAIM, timed("outbox.claim", body -> channels.claim(body.getLong("now"),
        body.getLong("leaseMs")).map(claimed -> claimed == null ? new JsonObject() : claimed.toJson()))),
      answer(bus, Addresses.STORE_OUTBOX_SETTLE, timed("outbox.settle", body -> channels.settle(body.getString("messageId"),
        body.getJsonObject("outcome")).map(new JsonObject()))),
      answer(bus, Addresses.STORE_CREATE_ROOM, timed("room.create", body -> chat.createRoom(Room.fromJson(body)).map(Room::toJson))),
      answer(bus, Addresses.STORE_UPDATE_ROOM, timed("room.update", this::updateRoom)),
      answerCluster(bus, Addresses.storeOwnerUpdateRoom(node), timed("room.update", this::updateRoom)),
      answer(bus, Addresses.STORE_FIND_ROOM, body -> chat.findRoom(body.getString("roomId")).map(Room::toJson)),
      answer(bus, Addresses.STORE_ROOM_LAST_SEQ, body -> chat.lastSeq(body.getString("roomId"))
        .map(seq -> new JsonObject().put("lastSeq", seq))),
      // the one request of every stored chat message: records both ways, no JSON
      answerRecord(bus, Addresses.STORE_APPEND_MESSAGE, NewMessage.class, timed("message.append", chat::append)),
      // the same from another node, for a room this node owns: JSON across the cluster
      answerCluster(bus, Addresses.storeOwnerAppend(node), timed("message.append",
        body -> chat.append(NewMessage.fromJson(body)).map(AppendResult::toJson))),
      answer(bus, Addresses.STORE_MESSAGES, body -> chat.messages(body.getString("roomId"),
        SeqRange.fromJson(body.getJsonObject("range"))).map(StoreVerticle::toArray)),
      answer(bus, Addresses.STORE_PING, body -> chat.ping().map(new JsonObject())),
      bus.<JsonObject>localConsumer(Addresses.STORE_QUIESCE, this::quiesce).completion(),
      answer(bus, Addresses.STORE_TICKET_CREATE, timed("ticket.create", body -> tickets.create(Ticket.fromJson(body)).map(Ticket::toJson))),
      answer(bus, Addresses.STORE_TICKET_FIND, body -> tickets.find(body.getString("ticketId")).map(Ticket::toJson)),
      answer(bus, Addresses.STORE_TICKET_LIST, body -> tickets.list(TicketQuery.fromJson(body)).map(TicketCodec::page)),
      answer(bus, Addresses.STORE_TICKET_UPDATE, timed("ticket.update", body -> tickets.update(body.getString("ticketId"),
        TicketChanges.fromJson(body)).map(Ticket::toJson))),
      answer(bus, Addresses.STORE_TICKET_COUNTS, body -> tickets.counts(TicketScope.fromJson(body))),
      answer(bus, Addresses.STORE_TICKET_APPEND, timed("ticket.append",
        body -> tickets.append(NewTicketMessage.fromJson(body)).map(TicketCodec::stored))),
      answer(bus, Addresses.STORE_TICKET_MESSAGES, body -> tickets.messages(body.getString("ticketId"),
          SeqRange.fromJson(body.getJsonObject("range")), body.getBoolean("includeInternal"))
        .map(list -> new JsonArray(list.stream().map(TicketMessage::toJson).toList()))),
      answer(bus, Addresses.STORE_CONVERSATIONS_LIST, body -> conversations.list(body.getString("userId"),
          TicketScope.fromJson(body.getJsonObject("scope")), body.getBoolean("includeInternal"), body.getInteger("limit"))
        .map(list -> new JsonArray(list.stream().map(Conversation::toJson).toList()))),
      answer(bus, Addresses.STORE_CONVERSATIONS_MARK_READ, timed("conversations.mark-read", body -> conversations.markRead(
        body.getString("userId"), ConversationStore.Kind.valueOf(body.getString("kind")), body.getString("id"),
        body.getLong("seq"), body.getBoolean("includeInternal")).map(ReadMark::toJson))),
      answer(bus, Addresses.STORE_NOTIFICATIONS_CREATE, timed("notifications.create", body -> notifications.create(
          body.getJsonArray("notifications").stream().map(n -> Notification.fromJson((JsonObject) n)).toList())
        .map(list -> new JsonArray(list.stream().map(Notification::toJson).toList())))),
      answer(bus, Addresses.STORE_NOTIFICATIONS_UNREAD, body -> counted(notifications.unreadCount(body.getString("userId")))),
      answer(bus, Addresses.STORE_NOTIFICATIONS_LIST, body -> notifications.list(body.getString("userId"),
          body.getBoolean("unreadOnly"), body.getInteger("limit"))
        .map(list -> new JsonArray(list.stream().map(Notification::toJson).toList()))),
      answer(bus, Addresses.STORE_NOTIFICATIONS_MARK_READ, timed("notifications.mark-read", body -> counted(
        body.containsKey("ids") ? notifications.markRead(body.getString("userId"), strings(body.getJsonArray("ids")))
          : notifications.markAllRead(body.getString("userId"))))),
      answer(bus, Addresses.STORE_RECOVERY_KEEP, body -> recovery.keep(body.getString("pid"), body.getJsonObject("record"),
        body.getLong("expiresAt")).map(new JsonObject())),
      answer(bus, Addresses.STORE_RECOVERY_TAKE, body -> recovery.take(body.getString("pid"))
        .map(record -> record == null ? new JsonObject() : record)),
      answer(bus, Addresses.STORE_RECOVERY_FORGET, body -> recovery.forget(body.getString("pid")).map(new JsonObject())))));
  }

  /**
   * The settings Vert.x's client would make of {@code mongoConfig}, on other threads; public for
   * bench/probes/StoreOpCost.java, which measures the store's operations as they are set up here. With
   * Vert.x on epoll, its client gives the driver a NIO event loop group of its own (the driver's default channel
   * class is NIO's), whose threads woke for every reply only to hand it to an event loop: 11 % of a
   * node's CPU in a stored-chat benchmark. Here the driver's sockets run on Vert.x's own event loops,
   * with the channel class of Vert.x's transport. The parser is Vert.x's (an internal class, pinned
   * with the version), so the URI and the JSON options mean what they meant.
   */
  public static MongoClientSettings driverSettings(Vertx vertx, JsonObject mongoConfig) {
    boolean epoll = vertx.isNativeTransportEnabled() && Epoll.isAvailable();
    return MongoClientSettings.builder(new MongoClientOptionsParser(vertx, mongoConfig).settings())
      .transportSettings(TransportSettings.nettyBuilder().eventLoopGroup(((VertxInternal) vertx).nettyEventLoopGroup())
        .socketChannelClass(epoll ? EpollSocketChannel.class : NioSocketChannel.class).build())
      .build();
  }

  /** The driver's account of a database out of reach runs to several hundred characters; this is one line. */
  private Future<CompositeFuture> unreachable(Throwable cause) {
    String uri = mongoConfig.getString("connection_string").replaceFirst("//[^/@]*@", "//***@");
    if (cause instanceof MongoTimeoutException) {
      return Future.failedFuture(new StartupFailure("MongoDB at " + uri + " (" + ConfigKeys.MONGO_URI
        + ") could not be reached: start it, or fix the URI"));
    }
    if (cause instanceof MongoSecurityException) {
      return Future.failedFuture(new StartupFailure("MongoDB at " + uri + " (" + ConfigKeys.MONGO_URI
        + ") refused the credentials: fix the user and password in the URI"));
    }
    return Future.failedFuture(cause);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(purgeTimer);
    return mongo.close();
  }

  private Future<Void> answer(EventBus bus, String address, Function<JsonObject, Future<?>> work) {
    return bus.<JsonObject>localConsumer(address, message -> reply(message, message.body(), work, message::reply))
      .completion();
  }

  /** Answers requests from every node of the cluster (a room's owner's). */
  private Future<Void> answerCluster(EventBus bus, String address, Function<JsonObject, Future<?>> work) {
    return bus.<JsonObject>consumer(address, message -> reply(message, message.body(), work, message::reply)).completion();
  }

  private Future<JsonObject> updateRoom(JsonObject body) {
    return chat.updateRoom(body.getString("roomId"), body.getJsonObject("changes")).map(Room::toJson);
  }

  /** Answers a {@link LocalRecords} request of type {@code type} with the record its work completes with. */
  private <R> Future<Void> answerRecord(EventBus bus, String address, Class<R> type, Function<R, Future<?>> work) {
    return bus.<Object>localConsumer(address, message -> reply(message, type.cast(message.body()), work,
      result -> message.reply(result, LocalRecords.options()))).completion();
  }

  private <B> void reply(Message<?> message, B body, Function<B, Future<?>> work, Consumer<Object> answer) {
    Future<?> result;
    inFlight++;
    try {
      result = work.apply(body);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> inFlight--)
      .onSuccess(answer::accept).onFailure(cause -> GatewayException.fail(message, cause));
  }

  /** The write, timed under {@code op}. */
  private <B> Function<B, Future<?>> timed(String op, Function<B, Future<?>> write) {
    Timer timer = metrics.storeWrite(op);
    return body -> {
      Timer.Sample sample = Timer.start();
      return write.apply(body).onComplete(done -> sample.stop(timer));
    };
  }

  /** Replies once no store request is in flight; the asker's timeout bounds the wait. */
  private void quiesce(Message<JsonObject> request) {
    if (inFlight == 0) {
      request.reply(new JsonObject());
    } else {
      vertx.setTimer(QUIESCE_POLL_MS, id -> quiesce(request));
    }
  }

  private static Future<JsonObject> counted(Future<Long> count) {
    return count.map(n -> new JsonObject().put("count", n));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }

  private static JsonArray toArray(List<ChatMessage> messages) {
    return new JsonArray(messages.stream().map(ChatMessage::toJson).toList());
  }
}
