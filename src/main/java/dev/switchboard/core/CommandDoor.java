package dev.switchboard.core;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.fanout.CatchUp;
import dev.switchboard.fanout.RoomRegistry;
import dev.switchboard.fanout.Session;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The one way from any protocol into the domains: a client's command to an address it may send
 * to, and a subscription to a room that the domain owning the address allows. Domains get the
 * caller's principal and session id as headers, never a frame or a socket. Failures are coded.
 */
public final class CommandDoor {
  private final EventBus bus;
  private final RoomRegistry rooms;
  private final RateLimiter limiter;

  public CommandDoor(EventBus bus, RoomRegistry rooms, RateLimiter limiter) {
    this.bus = bus;
    this.rooms = rooms;
    this.limiter = limiter;
    // when a domain says access to an address changed, its sessions are asked about with the very
    // request that let them subscribe: the rule is the domain's authorizer, written once
    rooms.recheckWith((session, address, changedAt) ->
      authorize(session, address, new JsonObject().put("address", address).put(Addresses.AUTHORIZE_CHANGED_AT, changedAt)));
  }

  /**
   * Sends the command to the domain that handles {@code address}, within the user's rate limit;
   * completes with its reply body.
   */
  public Future<Object> send(Session session, String address, Object body) {
    if (!Addresses.INBOUND.contains(address)) {
      return Future.failedFuture(unknownAddress(address));
    }
    return limiter.acquire(session.principal(), address)
      .compose(allowed -> bus.request(Addresses.inbound(address), body, Requests.as(session.principal(), session.id())))
      .map(reply -> reply.body())
      .recover(cause -> Future.failedFuture(GatewayException.from(cause)));
  }

  /**
   * Lets the session hear the events of {@code address} (a room, a ticket, a channel, its own user
   * address) once the domain that owns its family allows it; completes once this node receives them.
   */
  public Future<Void> subscribe(Session session, String address) {
    return authorize(session, address).compose(allowed -> rooms.join(session, address));
  }

  private Future<Void> authorize(Session session, String address) {
    return authorize(session, address, new JsonObject().put("address", address));
  }

  private Future<Void> authorize(Session session, String address, JsonObject request) {
    int colon = address.indexOf(':');
    if (colon <= 0 || Addresses.INBOUND.contains(address)) {
      return Future.failedFuture(unknownAddress(address));
    }
    return bus.request(Addresses.authorizer(address.substring(0, colon)), request,
        Requests.as(session.principal(), session.id()))
      .recover(cause -> Future.failedFuture(subscribeFailure(address, cause)))
      .mapEmpty();
  }

  /**
   * Like {@link #subscribe(Session, String)}, and first the stored events of {@code address} after
   * {@code afterSeq} that the session missed, from the domain that owns the address, before any live
   * one and each once.
   */
  public Future<Void> subscribe(Session session, String address, long afterSeq) {
    return authorize(session, address).compose(allowed -> rooms.join(session, address, () ->
      bus.<JsonObject>request(Addresses.catchUp(address.substring(0, address.indexOf(':'))),
          new JsonObject().put("address", address).put("after", afterSeq), Requests.as(session.principal(), session.id()))
        .map(reply -> reply.body())
        .recover(cause -> noCatchUp(cause) ? Future.succeededFuture(CatchUp.nothing())
          : Future.failedFuture(GatewayException.from(cause)))));
  }

  /** The rooms the session is in now. */
  public Set<String> roomsOf(Session session) {
    return rooms.roomsOf(session.id());
  }

  public void unsubscribe(Session session, String address) {
    rooms.leave(session.id(), address);
  }

  /** A family that keeps no log (personal addresses, broadcasts) has nothing to replay. */
  private static boolean noCatchUp(Throwable cause) {
    return cause instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static GatewayException subscribeFailure(String address, Throwable cause) {
    if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
      return unknownAddress(address);
    }
    return GatewayException.from(cause);
  }

  private static GatewayException unknownAddress(String address) {
    return ErrorCode.INVALID_DATA.exception("unknown address '" + address + "'");
  }
}
