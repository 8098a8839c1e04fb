package dev.switchboard.notifications;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where notifications are kept, per user. Unread counts are always counted from what is stored, never
 * kept on the side, so they cannot drift. Failures are coded ({@code STORE_UNAVAILABLE}).
 */
public interface NotificationStore {

  /** Stores one notification per user (ids and timestamps assigned), in one round trip. */
  Future<List<Notification>> create(List<Notification> notifications);

  Future<Long> unreadCount(String userId);

  /** Newest first; only unread ones if asked. */
  Future<List<Notification>> list(String userId, boolean unreadOnly, int limit);

  /** Marks those of the ids that are the user's and unread as read; how many changed. */
  Future<Long> markRead(String userId, List<String> ids);

  /** Marks all the user's unread notifications as read; how many changed. */
  Future<Long> markAllRead(String userId);
}
