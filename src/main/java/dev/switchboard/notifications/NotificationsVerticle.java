package dev.switchboard.notifications;

import dev.switchboard.auth.Principal;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.payload.Fields;
import dev.switchboard.rooms.RoomBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * What backends tell users (seed 004's WebSocketService): broadcasts to a room, a ticket, a user or
 * everyone connected, from an admin or a service, over REST or the bridge.
 */
public final class NotificationsVerticle extends VerticleBase {
  private static final Set<String> BROADCAST_FIELDS = Set.of("kind", "id", "event", "data");
  private static final Set<String> KINDS = Set.of("room", "ticket", "user", "all");

  private RoomBus rooms;

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    rooms = new RoomBus(bus);
    return Future.all(List.of(
      Requests.handle(bus, Addresses.inbound(Addresses.BROADCAST), this::broadcast),
      Requests.handle(bus, Addresses.authorizer(Addresses.BROADCAST_FAMILY), this::authorizeBroadcast)));
  }

  /**
   * {@code broadcast} and {@code POST /broadcast}: {@code data} goes as {@code event} to every session
   * registered on the target's address, on any node; nothing is stored.
   */
  private Future<JsonObject> broadcast(Principal principal, Message<JsonObject> request) {
    if (!principal.role().publisher()) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only admins and services broadcast"));
    }
    JsonObject body = request.body();
    Fields.only(body, BROADCAST_FIELDS);
    String address = switch (Fields.oneOf(body, "kind", KINDS)) {
      case "room" -> Addresses.chatRoom(Fields.id(body, "id"));
      case "ticket" -> Addresses.ticketRoom(Fields.id(body, "id"));
      case "user" -> Addresses.user(Fields.id(body, "id"));
      default -> Addresses.BROADCAST_ALL;
    };
    String event = Fields.eventName(body, "event");
    rooms.publish(address, event, Fields.optionalObject(body, "data"));
    return Future.succeededFuture(new JsonObject().put("address", address).put("event", event));
  }

  /** Anyone may listen to broadcasts for everyone. */
  private Future<JsonObject> authorizeBroadcast(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    return Addresses.BROADCAST_ALL.equals(address) ? Future.succeededFuture(new JsonObject())
      : Future.failedFuture(ErrorCode.INVALID_DATA.exception("unknown address '" + address + "'"));
  }
}
