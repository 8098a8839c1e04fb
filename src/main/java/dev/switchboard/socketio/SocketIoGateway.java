package dev.switchboard.socketio;

import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.GatewayConfig.SocketIoEndpoint;
import dev.switchboard.core.CommandDoor;
import dev.switchboard.core.Gatekeeper;
import dev.switchboard.core.SessionHub;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.payload.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's Socket.IO endpoints: each configured path serves its namespaces, each namespace
 * speaks one {@link Profile}. A CONNECT is admitted by the {@link Gatekeeper} (the CONNECT
 * payload's {@code auth.token} first), the socket becomes a session of the node's
 * {@link SessionHub} and hears its profile's channels, and each event goes through the
 * {@link CommandDoor}. A refused CONNECT is a CONNECT_ERROR whose message starts with the code.
 * <p>
 * With connection state recovery on (a window above 0), a CONNECT reply carries a private id; a
 * client that comes back with it and its last offset, on any node, is put back in its rooms and
 * gets the stored events it missed first (see {@link Received}, {@link SessionRecovery}).
 */
public final class SocketIoGateway {
  /** The event that carries a failure to a client that gave no ack, in seed 000's shape {@code {code, message}}. */
  static final String ERROR_EVENT = "error";
  /** Told once a socket is connected, by profiles that declare it (seed 004). */
  static final String CONNECTED_EVENT = "connected";

  private final Vertx vertx;
  private final SessionHub hub;
  private final Gatekeeper gatekeeper;
  private final CommandDoor door;
  private final GatewayMetrics metrics;
  private final GatewayConfig config;
  private final Map<String, SocketIoServer> servers = new LinkedHashMap<>();
  /** Null while recovery is off. */
  private final SessionRecovery recovery;

  public SocketIoGateway(Vertx vertx, SessionHub hub, Gatekeeper gatekeeper, CommandDoor door, GatewayMetrics metrics,
                         GatewayConfig config, RecoveryStore records) {
    this.vertx = vertx;
    this.hub = hub;
    this.gatekeeper = gatekeeper;
    this.door = door;
    this.metrics = metrics;
    this.config = config;
    long window = config.socketIo().recoveryMs();
    this.recovery = window == 0 ? null : new SessionRecovery(records, window);
  }

  /** Serves every configured endpoint on the router. */
  public void mount(Router router) {
    for (SocketIoEndpoint endpoint : config.socketIo().endpoints()) {
      Profile profile = Profiles.named(endpoint.profile());
      var encoder = new ProfileEncoder(endpoint.namespace(), profile, config.socketIo().recoveryMs() > 0);
      servers.computeIfAbsent(endpoint.path(), path -> new SocketIoServer(vertx, options()))
        .namespace(endpoint.namespace(), (socket, auth) -> connect(socket, auth, encoder));
    }
    servers.forEach((path, server) -> server.mount(router, path + "/"));
  }

  /** Closes the engine connections that are left once the hub has closed its sessions. */
  public void stop() {
    servers.values().forEach(SocketIoServer::close);
  }

  private SocketIoOptions options() {
    return new SocketIoOptions().maxPayloadBytes(config.maxMessageBytes()).corsOrigins(config.corsOrigins());
  }

  private Future<JsonObject> connect(SioSocket socket, JsonObject auth, ProfileEncoder encoder) {
    String token = auth.getValue("token") instanceof String text ? text : null;
    return hub.admit(true)
      .compose(admitted -> gatekeeper.admit(token, socket.handshake().query(), socket.handshake().headers()))
      .compose(verified -> open(socket, verified, encoder, auth))
      .recover(cause -> Future.failedFuture(refusal(GatewayException.from(cause))));
  }

  private Future<JsonObject> open(SioSocket socket, VerifiedToken token, ProfileEncoder encoder, JsonObject auth) {
    Profile profile = encoder.profile();
    var session = new SocketIoSession(socket, token, encoder, this, metrics);
    hub.open(session);
    socket.listener(session);
    JsonObject connected = profile.connected(session.principal());
    Future<?> channels = Future.all(profile.channels(session.principal()).stream()
      .map(address -> door.subscribe(session, address)).toList())
      .onSuccess(all -> {
        if (connected != null) {
          // held by the socket until the CONNECT reply is out, which then comes first
          socket.emit(CONNECTED_EVENT, session.profileEncoder().forClient(connected));
        }
      });
    if (recovery == null) {
      return channels.<JsonObject>map(all -> new JsonObject()).onFailure(cause -> hub.closed(session));
    }
    String pid = auth.getValue("pid") instanceof String text ? text : null;
    Future<JsonObject> record = pid == null ? Future.succeededFuture() : recovery.take(pid);
    return channels.compose(all -> record)
      .compose(found -> resume(session, socket.namespace(), pid, found, Position.parse(auth.getValue("offset"))))
      .recover(cause -> giveBack(pid, record).transform(back -> Future.failedFuture(cause)))
      .onFailure(cause -> hub.closed(session));
  }

  /**
   * A comeback refused before it resumed (its channels could not be subscribed) puts back the record
   * it took, before the refusal is sent: the client's next try is recovered.
   */
  private Future<Void> giveBack(String pid, Future<JsonObject> taken) {
    return taken.transform(took -> took.succeeded() && took.result() != null
      ? recovery.lost(pid, took.result()) : Future.<Void>succeededFuture());
  }

  /**
   * Puts a returning client back in the rooms of its record, each from where it stood, and keeps its
   * private id: socket.io-client then says {@code recovered}. Without a record of its own, a new id.
   * A room it may no longer see is told as an error and left out.
   */
  private Future<JsonObject> resume(SocketIoSession session, String namespace, String pid, JsonObject record,
                                    Position lastReceived) {
    boolean own = record != null && session.principal().id().equals(record.getString("userId"))
      && namespace.equals(record.getString("namespace"));
    // The socket's own id, which only its client learns, serves as a new private id: one String
    // less per connection than a private id of its own.
    session.recoverable(own ? pid : session.id());
    JsonObject reply = new JsonObject().put("pid", session.pid());
    if (!own) {
      return Future.succeededFuture(reply);
    }
    List<Future<Void>> rooms = new ArrayList<>();
    Received.resume(record, lastReceived).forEach((room, after) -> {
      session.joined(room, after);
      rooms.add(door.subscribe(session, room, after)
        .onFailure(cause -> fail(session, null, GatewayException.from(cause))));
    });
    // the comeback took the record: it is kept again for the next one, from where the client resumed
    return Future.join(rooms).transform(done -> {
      recovery.keep(session.pid(), record(session), session.expiresAt());
      return Future.succeededFuture(reply);
    });
  }

  /**
   * The connection is gone: a lost client's record waits for its comeback; one that left or was sent
   * away is forgotten. The record a socket in one room has from its join still says all there is (the
   * client's offset does the rest), so only one in several rooms is written again: a drain of a
   * node's sockets is not a write for each of them.
   */
  void closed(SocketIoSession session, String reason) {
    session.ended();
    if (session.pid() != null) {
      boolean lost = !DisconnectReason.CLIENT_NAMESPACE_DISCONNECT.equals(reason)
        && !DisconnectReason.SERVER_NAMESPACE_DISCONNECT.equals(reason);
      if (!lost) {
        recovery.forget(session.pid());
      } else if (session.received().inSeveralRooms()) {
        recovery.lost(session.pid(), record(session));
      }
    }
    hub.closed(session);
  }

  private JsonObject record(SocketIoSession session) {
    return session.received().toJson(session.principal().id(), session.socket().namespace(), door.roomsOf(session));
  }

  /** The client answered a ping: keep what it surely has now, for a comeback after this node dies. */
  void heartbeat(SocketIoSession session, boolean answered) {
    Received received = session.received();
    if (!answered) {
      received.pinged();
    } else if (received.answered()) {
      recovery.keep(session.pid(), record(session), session.expiresAt());
    }
  }

  /** Runs one client event; a join holds the events after it until it is done. */
  Future<?> dispatch(SocketIoSession session, String event, JsonArray args, SioAck ack) {
    if (!hub.isOpen(session)) {
      return Future.succeededFuture();
    }
    var command = session.profileEncoder().profile().command(event, Addresses.INBOUND);
    if (command.isEmpty()) {
      fail(session, ack, ErrorCode.INVALID_DATA.exception("unknown event '" + event + "'"));
      return Future.succeededFuture();
    }
    Object first = args.isEmpty() ? new JsonObject() : args.getValue(0);
    if (!(first instanceof JsonObject payload)) {
      fail(session, ack, ErrorCode.INVALID_DATA.exception("the payload of '" + event + "' must be a JSON object"));
      return Future.succeededFuture();
    }
    Profile.Inbound inbound = command.get();
    Future<Object> result = inbound.joins() ? join(session, inbound, payload)
      : inRoom(session, inbound.member(), payload).compose(v -> door.send(session, inbound.command(), inbound.request().apply(payload)));
    result.onSuccess(reply -> answer(session, inbound, reply, ack))
      .onFailure(cause -> fail(session, ack, GatewayException.from(cause)));
    // the barrier keeps the last join's future for the session's life: not its reply, which holds recent messages
    return inbound.joins() ? result.mapEmpty().otherwiseEmpty() : Future.succeededFuture();
  }

  /** Where a profile says so, an event counts only from a socket that has joined the room its payload names. */
  private Future<Void> inRoom(SocketIoSession session, Profile.Join member, JsonObject payload) {
    return member == null ? Future.succeededFuture() : room(member, payload).compose(room -> door.roomsOf(session).contains(room)
      ? Future.succeededFuture() : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("join " + room + " before writing to it")));
  }

  /** Subscribes the socket to the room named in the payload, then runs the join itself. */
  private Future<Object> join(SocketIoSession session, Profile.Inbound inbound, JsonObject payload) {
    return room(inbound.join(), payload).compose(room -> door.subscribe(session, room)
      .compose(subscribed -> door.send(session, inbound.command(), inbound.request().apply(payload)))
      .onSuccess(reply -> remember(session, room, reply)));
  }

  /** The room a payload names, {@code family:id}; a malformed id is refused. */
  private static Future<String> room(Profile.Join join, JsonObject payload) {
    try {
      return Future.succeededFuture(join.family() + ":" + Fields.id(payload, join.idField()));
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
  }

  /** A recoverable client has the room up to the {@code lastSeq} its join answered. */
  private void remember(SocketIoSession session, String room, Object reply) {
    if (session.received() != null && reply instanceof JsonObject joined && joined.getValue("lastSeq") instanceof Number seq) {
      session.joined(room, seq.longValue());
      recovery.keep(session.pid(), record(session), session.expiresAt());
    }
  }

  private static void answer(SocketIoSession session, Profile.Inbound inbound, Object reply, SioAck ack) {
    Object shaped = session.profileEncoder().forClient(inbound.reply().apply(reply));
    if (inbound.repliedAs() != null) {
      session.socket().emit(inbound.repliedAs(), shaped);
    }
    if (ack != null) {
      ack.reply(shaped);
    }
  }

  /** With an ack the failure is its one argument, {@code {error: {code, message}}}; without, an {@code error} event. */
  private void fail(SocketIoSession session, SioAck ack, GatewayException failure) {
    metrics.refused(failure.code());
    if (ack != null) {
      ack.reply(failure.toJson());
    } else {
      session.socket().emit(ERROR_EVENT, failure.toJson().getJsonObject("error"));
    }
  }

  /** A refused CONNECT: {@code CODE: text} as the message, so connect_error tells the client why, and {@code {code}} as data. */
  private static SocketIoRefusal refusal(GatewayException failure) {
    return new SocketIoRefusal(failure.wireMessage(), new JsonObject().put("code", failure.code().name()));
  }
}
