package dev.switchboard.channels;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Where channels, the customers they heard from, and the outbox of replies are kept. Failures are
 * coded: {@code CHANNEL_NOT_FOUND}, {@code STORE_UNAVAILABLE}.
 */
public interface ChannelStore {

  /** Stores a new channel under a new id. */
  Future<Channel> create(Channel channel);

  Future<List<Channel>> list();

  Future<Channel> find(String channelId);

  /** Whether there was such a channel to delete. */
  Future<Boolean> delete(String channelId);

  /**
   * The customer known on {@code platform} as {@code externalId}, created on first contact; their
   * name is the platform's latest. {@code ticketId} is their open conversation's, or null.
   */
  Future<ExternalCustomer> customer(Platform platform, String externalId, String name);

  /** Makes {@code ticketId} the customer's open conversation. */
  Future<Void> openedTicket(String customerKey, String ticketId);

  /** Claims the next due delivery for {@code leaseMs}, or null when none is due. */
  Future<Delivery> claim(long now, long leaseMs);

  /** Records a delivery's outcome ({@code state}, {@code error}, {@code nextAt} for a retry) on its message. */
  Future<Void> settle(String messageId, JsonObject outcome);

  /** A customer of an external channel: the key of their record, their gateway id and name, their open ticket. */
  record ExternalCustomer(String key, String customerId, String name, String ticketId) {
    public JsonObject toJson() {
      return new JsonObject().put("key", key).put("customerId", customerId).put("name", name).put("ticketId", ticketId);
    }

    public static ExternalCustomer fromJson(JsonObject json) {
      return new ExternalCustomer(json.getString("key"), json.getString("customerId"), json.getString("name"),
        json.getString("ticketId"));
    }
  }
}
