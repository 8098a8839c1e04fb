package dev.switchboard.notifications;

import dev.switchboard.auth.Principal;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.payload.Fields;
import dev.switchboard.fanout.RoomBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * What backends tell users (seed 004's WebSocketService and notifications gateway): stored
 * notifications with unread counts, told to every device of the user on {@code user:{id}}, and
 * broadcasts to a room, a ticket, a user or everyone connected. Admins and services publish, over
 * REST or the bridge; each user reads and marks their own.
 */
public final class NotificationsVerticle extends VerticleBase {
  static final int MAX_RECIPIENTS = 500;
  static final int MAX_TITLE = 200;
  static final int MAX_PAGE = 100;
  static final int DEFAULT_PAGE = 50;
  private static final Set<String> BROADCAST_FIELDS = Set.of("kind", "id", "ids", "event", "data", "excludeUserId");
  private static final Set<String> NOTIFICATION_FIELDS = Set.of("userIds", "type", "title", "body", "data");
  private static final Set<String> KINDS = Set.of("room", "ticket", "user", "users", "department", "all");

  private final NotificationStore store;
  private final int maxBodyBytes;
  private RoomBus rooms;

  public NotificationsVerticle(NotificationStore store, int maxBodyBytes) {
    this.store = store;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    rooms = new RoomBus(bus);
    return Future.all(List.of(
      Requests.handle(bus, Addresses.NOTIFICATIONS_SEND, this::send),
      Requests.handle(bus, Addresses.inbound(Addresses.NOTIFICATIONS_GET_UNREAD_COUNT), this::unreadCount),
      Requests.handle(bus, Addresses.inbound(Addresses.NOTIFICATIONS_LIST), this::list),
      Requests.handle(bus, Addresses.inbound(Addresses.NOTIFICATIONS_MARK_AS_READ), this::markAsRead),
      Requests.handle(bus, Addresses.inbound(Addresses.NOTIFICATIONS_MARK_ALL_AS_READ), this::markAllAsRead),
      Requests.handle(bus, Addresses.inbound(Addresses.BROADCAST), this::broadcast),
      Requests.handle(bus, Addresses.authorizer(Addresses.BROADCAST_FAMILY), this::authorizeBroadcast)));
  }

  /**
   * {@code POST /notifications} (sendToUser / sendToMultipleUsers): stored first, then each recipient's
   * devices get {@code notification:new} and their new {@code unread-count}. Offline users find them
   * unread when they come back.
   */
  private Future<JsonObject> send(Principal principal, Message<JsonObject> request) {
    if (!principal.role().publisher()) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only admins and services send notifications"));
    }
    JsonObject body = request.body();
    Fields.only(body, NOTIFICATION_FIELDS);
    List<String> userIds = Fields.idList(body, "userIds");
    if (userIds.isEmpty() || userIds.size() > MAX_RECIPIENTS) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("userIds must name 1 to " + MAX_RECIPIENTS + " users"));
    }
    String type = Fields.eventName(body, "type");
    String title = Fields.text(body, "title", MAX_TITLE);
    String text = Fields.optionalText(body, "body", maxBodyBytes);
    JsonObject data = Fields.optionalObject(body, "data");
    return store.create(userIds.stream().map(userId -> new Notification(null, userId, type, title, text, data, false, null))
        .toList())
      .map(created -> {
        created.forEach(notification -> {
          rooms.publish(Addresses.user(notification.userId()), Addresses.NOTIFICATION_NEW, notification.toJson());
          tellUnreadCount(notification.userId());
        });
        return new JsonObject().put("notifications", new JsonArray(created.stream()
          .map(n -> new JsonObject().put("id", n.id()).put("userId", n.userId())).toList()));
      });
  }

  private Future<JsonObject> unreadCount(Principal principal, Message<JsonObject> request) {
    return store.unreadCount(principal.id()).map(NotificationsVerticle::count);
  }

  private Future<JsonObject> list(Principal principal, Message<JsonObject> request) {
    JsonObject body = request.body();
    boolean unreadOnly = body.getValue("unreadOnly") != null && Fields.bool(body, "unreadOnly");
    int limit = (int) Fields.longIn(body, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
    return store.list(principal.id(), unreadOnly, limit).map(list -> new JsonObject()
      .put("notifications", new JsonArray(list.stream().map(Notification::toJson).toList())));
  }

  /** Marks the user's own notifications among {@code notificationIds}; every device hears it. */
  private Future<JsonObject> markAsRead(Principal principal, Message<JsonObject> request) {
    List<String> ids = Fields.idList(request.body(), "notificationIds");
    if (ids.size() > MAX_PAGE) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("at most " + MAX_PAGE + " notificationIds at once"));
    }
    return store.markRead(principal.id(), ids).compose(changed -> marked(principal.id(), Addresses.MARKED_AS_READ,
      new JsonObject().put("notificationIds", new JsonArray(ids))));
  }

  private Future<JsonObject> markAllAsRead(Principal principal, Message<JsonObject> request) {
    return store.markAllRead(principal.id()).compose(changed -> marked(principal.id(), Addresses.MARKED_ALL_AS_READ,
      new JsonObject()));
  }

  /** After a mark: the user's devices get the event and the count as stored now; the reply carries both. */
  private Future<JsonObject> marked(String userId, String event, JsonObject payload) {
    return store.unreadCount(userId).map(unread -> {
      rooms.publish(Addresses.user(userId), event, payload);
      rooms.publish(Addresses.user(userId), Addresses.UNREAD_COUNT, count(unread));
      return payload.copy().put("count", unread);
    });
  }

  private void tellUnreadCount(String userId) {
    store.unreadCount(userId).onSuccess(unread ->
      rooms.publish(Addresses.user(userId), Addresses.UNREAD_COUNT, count(unread)));
  }

  private static JsonObject count(long unread) {
    return new JsonObject().put("count", unread);
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
    String kind = Fields.oneOf(body, "kind", KINDS);
    String event = Fields.eventName(body, "event");
    JsonObject data = Fields.optionalObject(body, "data");
    if (kind.equals("users")) {
      List<String> users = Fields.idList(body, "ids").stream().distinct().toList();
      if (users.isEmpty() || users.size() > MAX_RECIPIENTS) {
        return Future.failedFuture(ErrorCode.INVALID_DATA.exception("ids must name 1 to " + MAX_RECIPIENTS + " users"));
      }
      rooms.multicast(users.stream().map(Addresses::user).toList(), event, data);
      return Future.succeededFuture(new JsonObject().put("users", users.size()).put("event", event));
    }
    String address = switch (kind) {
      case "room" -> Addresses.chatRoom(Fields.id(body, "id"));
      case "ticket" -> Addresses.ticketRoom(Fields.id(body, "id"));
      case "user" -> Addresses.user(Fields.id(body, "id"));
      case "department" -> Addresses.department(Fields.id(body, "id"));
      default -> Addresses.BROADCAST_ALL;
    };
    if (Addresses.isChannel(address)) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception(address + " is a channel, not a room or a ticket"));
    }
    String excluded = Fields.optionalId(body, "excludeUserId");
    if (excluded == null) {
      rooms.publish(address, event, data);
    } else {
      rooms.publishExceptUser(address, event, data, excluded);
    }
    return Future.succeededFuture(new JsonObject().put("address", address).put("event", event));
  }

  /** Anyone may listen to broadcasts for everyone. */
  private Future<JsonObject> authorizeBroadcast(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    return Addresses.BROADCAST_ALL.equals(address) ? Future.succeededFuture(new JsonObject())
      : Future.failedFuture(ErrorCode.INVALID_DATA.exception("unknown address '" + address + "'"));
  }
}
