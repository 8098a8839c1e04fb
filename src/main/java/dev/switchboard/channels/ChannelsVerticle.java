package dev.switchboard.channels;

import dev.switchboard.auth.Principal;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.config.GatewayConfig.PlatformUrls;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.payload.Fields;
import dev.switchboard.fanout.RoomBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * External channels: admins add, list and delete them ({@code /channels}), and every node works
 * through the outbox of staff replies to their customers. A reply is claimed for a lease, POSTed to
 * its platform, and settled {@code sent} or {@code failed} on its message; a 429 (after its
 * {@code retry_after}), a 5xx or a lost connection is tried again with backoff. The outcome is told
 * on the ticket's room as {@code external_send_result}. A node that dies mid-send leaves the reply to
 * another node once the lease is over: it is sent at least once, and twice only if the platform had
 * taken it in the instant the node died.
 */
public final class ChannelsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelsVerticle.class);
  /** How long a claimed reply is this node's: longer than a send takes, short enough to pick up after a death. */
  static final long LEASE_MS = 10_000;
  /** How often an idle node looks for due replies. */
  static final long POLL_MS = 250;
  /** The first retry's wait, doubled at each attempt up to {@link #MAX_BACKOFF_MS}. */
  static final long FIRST_BACKOFF_MS = 200;
  static final long MAX_BACKOFF_MS = 60_000;
  /** Attempts before a reply is given up as failed. */
  static final int MAX_ATTEMPTS = 8;
  private static final int MAX_SECRET = 512;
  private static final int SEND_TIMEOUT_MS = 10_000;

  private final ChannelStore store;
  private final PlatformUrls urls;
  private HttpClient http;
  private RoomBus rooms;
  private long pollTimer = -1;
  private boolean sending;

  public ChannelsVerticle(ChannelStore store, PlatformUrls urls) {
    this.store = store;
    this.urls = urls;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    rooms = new RoomBus(bus);
    http = vertx.createHttpClient();
    pollTimer = vertx.setPeriodic(POLL_MS, id -> sendDue());
    return Future.all(List.of(
      Requests.handle(bus, Addresses.CHANNELS_CREATE, this::create),
      Requests.handle(bus, Addresses.CHANNELS_LIST, this::list),
      Requests.handle(bus, Addresses.CHANNELS_DELETE, this::delete)));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    return http.close();
  }

  // --- Admin

  private Future<JsonObject> create(Principal principal, Message<JsonObject> request) {
    adminOnly(principal);
    JsonObject body = request.body();
    Platform platform = Platform.named(body.getString("type"));
    Set<String> allowed = new HashSet<>(platform.secretFields());
    allowed.add("type");
    allowed.add("departmentId");
    Fields.only(body, allowed);
    JsonObject secrets = new JsonObject();
    platform.secretFields().forEach(field -> secrets.put(field, Fields.text(body, field, MAX_SECRET)));
    return store.create(new Channel(null, platform, Fields.optionalId(body, "departmentId"), secrets, null))
      .map(Channel::toPublicJson);
  }

  private Future<JsonObject> list(Principal principal, Message<JsonObject> request) {
    adminOnly(principal);
    return store.list().map(all -> new JsonObject()
      .put("channels", new JsonArray(all.stream().map(Channel::toPublicJson).toList())));
  }

  private Future<JsonObject> delete(Principal principal, Message<JsonObject> request) {
    adminOnly(principal);
    String channelId = Fields.id(request.body(), "channelId");
    return store.delete(channelId).compose(deleted -> deleted
      ? Future.succeededFuture(new JsonObject().put("id", channelId).put("deleted", true))
      : Future.failedFuture(ErrorCode.CHANNEL_NOT_FOUND.exception("channel " + channelId + " does not exist")));
  }

  private static void adminOnly(Principal principal) {
    if (!principal.isAdmin()) {
      throw ErrorCode.ACCESS_DENIED.exception("only admins manage channels");
    }
  }

  // --- The outbox

  /** Sends due replies one after the other until none is due; one run at a time per node. */
  private void sendDue() {
    if (sending) {
      return;
    }
    sending = true;
    store.claim(System.currentTimeMillis(), LEASE_MS)
      .compose(delivery -> delivery == null ? Future.succeededFuture(false) : deliver(delivery).map(true))
      .onComplete(done -> {
        sending = false;
        if (done.succeeded() && done.result()) {
          sendDue();
        } else if (done.failed()) {
          LOG.warn("outbox: {}", done.cause().getMessage());
        }
      });
  }

  private Future<Void> deliver(Delivery delivery) {
    return store.find(delivery.origin().channelId())
      .compose(channel -> post(channel, delivery))
      .recover(cause -> Future.succeededFuture(Attempt.gaveUp(ErrorCode.CHANNEL_NOT_FOUND.name() + ": " + cause.getMessage())))
      .compose(attempt -> settle(delivery, attempt));
  }

  private Future<Attempt> post(Channel channel, Delivery delivery) {
    Platform platform = channel.platform();
    String url = platform.sendUrl(platform == Platform.TELEGRAM ? urls.telegram() : urls.instagram(), channel);
    var options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setTimeout(SEND_TIMEOUT_MS)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (platform == Platform.INSTAGRAM) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + channel.secret("accessToken"));
    }
    return http.request(options)
      .compose(request -> request.send(platform.sendBody(delivery.origin().externalId(), delivery.body()).toBuffer()))
      .compose(response -> response.body().map(body -> Attempt.of(response, body.toString())))
      // the URL holds the bot token: only the kind of failure is kept, never the request
      .recover(cause -> Future.succeededFuture(Attempt.retry("the platform could not be reached", 0)));
  }

  private Future<Void> settle(Delivery delivery, Attempt attempt) {
    String platform = delivery.origin().platform();
    boolean last = delivery.attempts() >= MAX_ATTEMPTS;
    if (!attempt.done() && !last) {
      long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(20, delivery.attempts() - 1));
      long at = System.currentTimeMillis() + Math.max(backoff, attempt.retryAfterMs());
      return store.settle(delivery.messageId(), new JsonObject().put("nextAt", at).put("error", attempt.error()));
    }
    String state = attempt.success() ? Delivery.SENT : Delivery.FAILED;
    JsonObject result = new JsonObject().put("success", attempt.success()).put("platform", platform);
    if (!attempt.success()) {
      result.put("error", attempt.error());
    }
    return store.settle(delivery.messageId(), new JsonObject().put("state", state).put("error", attempt.error())
        .put("settledAt", System.currentTimeMillis()))
      .onSuccess(v -> rooms.publish(Addresses.ticketRoom(delivery.ticketId()), Addresses.EXTERNAL_SEND_RESULT,
        new JsonObject().put("ticketId", delivery.ticketId()).put("messageId", delivery.messageId())
          .put("external_send_result", result)));
  }
}
