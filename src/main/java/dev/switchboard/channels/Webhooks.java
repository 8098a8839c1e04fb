package dev.switchboard.channels;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.HttpAnswers;
import dev.switchboard.channels.ChannelStore.ExternalCustomer;
import dev.switchboard.channels.Platform.InboundMessage;
import dev.switchboard.support.ExternalOrigin;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The platforms' webhooks: {@code POST /webhooks/telegram/{channelId}}, and for Instagram Meta's
 * verification {@code GET} and its {@code POST}. A request is answered 2xx only once each message in
 * it is stored, so a platform retries what failed; a retry is stored once (its update id or
 * {@code mid} is the message's dedup key). A customer's message goes through the support desk as
 * theirs, into their open ticket (one is opened on first contact, or after the last was closed), and
 * reaches agents as any customer's does.
 */
public final class Webhooks {
  private static final Pattern CHANNEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** Who opens tickets for external customers. */
  private static final Principal CHANNELS = new Principal("channels", "channels", Role.SERVICE, List.of());

  private final EventBus bus;
  private final ChannelStore store;

  public Webhooks(EventBus bus, ChannelStore store) {
    this.bus = bus;
    this.store = store;
  }

  /** Route handler: a Telegram update. */
  public void telegram(RoutingContext ctx) {
    receive(ctx, Platform.TELEGRAM);
  }

  /** Route handler: an Instagram notification. */
  public void instagram(RoutingContext ctx) {
    receive(ctx, Platform.INSTAGRAM);
  }

  /** Route handler: Meta's subscription check, which echoes {@code hub.challenge} for the channel's verify token. */
  public void instagramVerification(RoutingContext ctx) {
    channel(ctx, Platform.INSTAGRAM).onSuccess(channel -> {
      boolean subscribe = "subscribe".equals(ctx.queryParams().get("hub.mode"));
      String challenge = ctx.queryParams().get("hub.challenge");
      if (!subscribe || challenge == null || !Platform.same(ctx.queryParams().get("hub.verify_token"), channel.secret("verifyToken"))) {
        refuse(ctx, ErrorCode.SIGNATURE_INVALID.exception("hub.mode must be subscribe, with the channel's hub.verify_token and a hub.challenge"));
        return;
      }
      ctx.response().putHeader("Content-Type", "text/plain").end(challenge);
    }).onFailure(cause -> refuse(ctx, GatewayException.from(cause)));
  }

  private void receive(RoutingContext ctx, Platform platform) {
    channel(ctx, platform)
      .compose(channel -> {
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        platform.verify(channel, ctx.request().headers(), body);
        List<InboundMessage> messages = platform.messages(body);
        Future<Void> stored = Future.succeededFuture();
        for (InboundMessage message : messages) {
          stored = stored.compose(v -> store(channel, message));
        }
        return stored;
      })
      .onSuccess(v -> HttpAnswers.json(ctx.response(), 200, new JsonObject().put("ok", true).encode()))
      .onFailure(cause -> refuse(ctx, GatewayException.from(cause)));
  }

  /** The channel the path names, of this platform; {@code CHANNEL_NOT_FOUND} otherwise. */
  private Future<Channel> channel(RoutingContext ctx, Platform platform) {
    String id = ctx.pathParam("id");
    if (id == null || !CHANNEL_ID.matcher(id).matches()) {
      return Future.failedFuture(ErrorCode.CHANNEL_NOT_FOUND.exception("no such channel"));
    }
    return store.find(id).compose(channel -> channel.platform() == platform ? Future.succeededFuture(channel)
      : Future.failedFuture(ErrorCode.CHANNEL_NOT_FOUND.exception("channel " + id + " is not a " + platform.wireName() + " channel")));
  }

  /** The customer's message in their open ticket; a ticket closed since is replaced by a new one. */
  private Future<Void> store(Channel channel, InboundMessage message) {
    String name = (message.firstName() + " " + message.lastName()).strip();
    return store.customer(channel.platform(), message.externalId(), name.isEmpty() ? message.externalId() : name)
      .compose(customer -> customer.ticketId() == null ? open(channel, customer, message).compose(t -> post(customer, t, message))
        : post(customer, customer.ticketId(), message).recover(cause -> GatewayException.from(cause).code() == ErrorCode.ROOM_INACTIVE
          ? open(channel, customer, message).compose(t -> post(customer, t, message)) : Future.failedFuture(cause)));
  }

  private Future<String> open(Channel channel, ExternalCustomer customer, InboundMessage message) {
    JsonObject request = new JsonObject().put("customerId", customer.customerId()).put("customerName", customer.name())
      .put("departmentId", channel.departmentId()).put("subject", channel.platform().wireName() + " - " + customer.name())
      .put("origin", new ExternalOrigin(channel.platform().wireName(), channel.id(), message.externalId()).toJson());
    return bus.<JsonObject>request(Addresses.SUPPORT_OPEN_EXTERNAL, request, Requests.as(CHANNELS, null))
      .map(reply -> reply.body().getString("id"))
      .compose(ticketId -> store.openedTicket(customer.key(), ticketId).map(ticketId));
  }

  private Future<Void> post(ExternalCustomer customer, String ticketId, InboundMessage message) {
    var sender = new Principal(customer.customerId(), customer.name(), Role.CUSTOMER, List.of());
    JsonObject request = new JsonObject().put("ticketId", ticketId).put("body", message.text()).put("tempId", message.dedupKey());
    return bus.request(Addresses.inbound(Addresses.SUPPORT_MESSAGE), request, Requests.as(sender, null)).mapEmpty();
  }

  private static void refuse(RoutingContext ctx, GatewayException failure) {
    if (!ctx.response().ended()) {
      HttpAnswers.failure(ctx.response(), failure);
    }
  }
}
