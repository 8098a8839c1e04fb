package dev.switchboard.support;

import io.vertx.core.json.JsonObject;

/**
 * What a PATCH or a {@code support-chat:ticket-update} changes. {@code assign} says whether
 * {@code assignedTo} is part of the change (null then unassigns), {@code move} whether
 * {@code departmentId} is (null then takes it out of any department); {@code expectedVersion}, when
 * given, makes the update apply only to that version.
 */
public record TicketChanges(TicketStatus status, TicketPriority priority, boolean assign, String assignedTo,
                            boolean move, String departmentId, Long expectedVersion) {

  public boolean isEmpty() {
    return status == null && priority == null && !assign && !move;
  }

  /** Whether the change may alter who sees the ticket ({@link TicketScope}). */
  public boolean changesAudience() {
    return assign || move;
  }

  /** The changed fields, as the event and the store see them. */
  public JsonObject fields() {
    JsonObject fields = new JsonObject();
    if (status != null) {
      fields.put("status", status.name());
    }
    if (priority != null) {
      fields.put("priority", priority.name());
    }
    if (assign) {
      fields.put("assignedTo", assignedTo);
    }
    if (move) {
      fields.put("departmentId", departmentId);
    }
    return fields;
  }

  public JsonObject toJson() {
    return new JsonObject().put("fields", fields()).put("expectedVersion", expectedVersion);
  }

  public static TicketChanges fromJson(JsonObject json) {
    JsonObject fields = json.getJsonObject("fields");
    String status = fields.getString("status");
    String priority = fields.getString("priority");
    return new TicketChanges(status == null ? null : TicketStatus.valueOf(status),
      priority == null ? null : TicketPriority.valueOf(priority), fields.containsKey("assignedTo"),
      fields.getString("assignedTo"), fields.containsKey("departmentId"), fields.getString("departmentId"),
      json.getLong("expectedVersion"));
  }
}
