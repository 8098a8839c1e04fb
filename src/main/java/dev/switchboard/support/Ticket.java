package dev.switchboard.support;

import io.vertx.core.json.JsonObject;

/**
 * A support ticket: a customer's request, its department, who works on it, and its message count;
 * for a customer of an external channel, its {@link ExternalOrigin} ({@code source} is its platform).
 */
public record Ticket(String id, String subject, String body, TicketStatus status, TicketPriority priority,
                     String departmentId, String customerId, String customerName, String assignedTo,
                     String createdBy, String createdAt, String updatedAt, long lastSeq, long version,
                     ExternalOrigin origin) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("subject", subject).put("body", body).put("status", status.name())
      .put("priority", priority.name()).put("departmentId", departmentId).put("customerId", customerId)
      .put("customerName", customerName).put("assignedTo", assignedTo).put("createdBy", createdBy)
      .put("createdAt", createdAt).put("updatedAt", updatedAt).put("lastSeq", lastSeq).put("version", version)
      .put("source", origin == null ? null : origin.platform()).put("origin", origin == null ? null : origin.toJson());
  }

  public static Ticket fromJson(JsonObject json) {
    return new Ticket(json.getString("id"), json.getString("subject"), json.getString("body"),
      TicketStatus.valueOf(json.getString("status")), TicketPriority.valueOf(json.getString("priority")),
      json.getString("departmentId"), json.getString("customerId"), json.getString("customerName"),
      json.getString("assignedTo"), json.getString("createdBy"), json.getString("createdAt"),
      json.getString("updatedAt"), json.getLong("lastSeq", 0L), json.getLong("version", 1L),
      ExternalOrigin.fromJson(json.getJsonObject("origin")));
  }
}
