package dev.switchboard.support;

import io.vertx.core.json.JsonObject;

/** One page of a ticket list: the caller's scope, optional filters, a page size and a cursor. */
public record TicketQuery(TicketScope scope, TicketStatus status, String assignedTo, String departmentId,
                          TicketPriority priority, int limit, String cursor) {

  public JsonObject toJson() {
    return new JsonObject().put("scope", scope.toJson()).put("status", status == null ? null : status.name())
      .put("assignedTo", assignedTo).put("departmentId", departmentId)
      .put("priority", priority == null ? null : priority.name()).put("limit", limit).put("cursor", cursor);
  }

  public static TicketQuery fromJson(JsonObject json) {
    String status = json.getString("status");
    String priority = json.getString("priority");
    return new TicketQuery(TicketScope.fromJson(json.getJsonObject("scope")),
      status == null ? null : TicketStatus.valueOf(status), json.getString("assignedTo"),
      json.getString("departmentId"), priority == null ? null : TicketPriority.valueOf(priority),
      json.getInteger("limit"), json.getString("cursor"));
  }
}
