package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.channels.Channel;
import dev.switchboard.channels.ChannelStore;
import dev.switchboard.channels.Delivery;
import dev.switchboard.channels.Platform;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@link ChannelStore} over the event bus, answered by this node's {@link StoreVerticle}. */
public final class ChannelStoreProxy implements ChannelStore {
  private final StoreBus store;

  public ChannelStoreProxy(EventBus bus) {
    this.store = new StoreBus(bus);
  }

  @Override
  public Future<Channel> create(Channel channel) {
    return store.object(Addresses.STORE_CHANNEL_CREATE, channel.toJson(), Channel::fromJson);
  }

  @Override
  public Future<List<Channel>> list() {
    return store.list(Addresses.STORE_CHANNEL_LIST, new JsonObject(), Channel::fromJson);
  }

  @Override
  public Future<Channel> find(String channelId) {
    return store.object(Addresses.STORE_CHANNEL_FIND, new JsonObject().put("channelId", channelId), Channel::fromJson);
  }

  @Override
  public Future<Boolean> delete(String channelId) {
    return store.object(Addresses.STORE_CHANNEL_DELETE, new JsonObject().put("channelId", channelId),
      reply -> reply.getBoolean("deleted"));
  }

  @Override
  public Future<ExternalCustomer> customer(Platform platform, String externalId, String name) {
    return store.object(Addresses.STORE_EXTERNAL_CUSTOMER, new JsonObject().put("platform", platform.wireName())
      .put("externalId", externalId).put("name", name), ExternalCustomer::fromJson);
  }

  @Override
  public Future<Void> openedTicket(String customerKey, String ticketId) {
    return store.object(Addresses.STORE_EXTERNAL_TICKET, new JsonObject().put("key", customerKey).put("ticketId", ticketId),
      reply -> null);
  }

  /** The store answers {@code {}} when nothing is due. */
  @Override
  public Future<Delivery> claim(long now, long leaseMs) {
    return store.object(Addresses.STORE_OUTBOX_CLAIM, new JsonObject().put("now", now).put("leaseMs", leaseMs),
      reply -> reply.containsKey("messageId") ? Delivery.fromJson(reply) : null);
  }

  @Override
  public Future<Void> settle(String messageId, JsonObject outcome) {
    return store.object(Addresses.STORE_OUTBOX_SETTLE, new JsonObject().put("messageId", messageId).put("outcome", outcome),
      reply -> null);
  }
}
