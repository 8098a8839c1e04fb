package dev.switchboard.support;

import dev.switchboard.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Which tickets a user may see: a customer their own, an agent their departments' and those
 * assigned to them, an admin all. The same rule filters lists and counts and guards single tickets.
 * A service reads like a customer with its own id, which owns no tickets: it publishes, it does not read.
 */
public record TicketScope(String customerId, String agentId, List<String> depts) {

  public TicketScope {
    depts = List.copyOf(depts);
  }

  public static TicketScope of(Principal principal) {
    return switch (principal.role()) {
      case CUSTOMER, SERVICE -> new TicketScope(principal.id(), null, List.of());
      case AGENT -> new TicketScope(null, principal.id(), principal.depts());
      case ADMIN -> new TicketScope(null, null, List.of());
    };
  }

  public boolean admits(Ticket ticket) {
    if (customerId != null) {
      return customerId.equals(ticket.customerId());
    }
    if (agentId != null) {
      return agentId.equals(ticket.assignedTo()) || depts.contains(ticket.departmentId());
    }
    return true;
  }

  public JsonObject toJson() {
    return new JsonObject().put("customerId", customerId).put("agentId", agentId).put("depts", new JsonArray(depts));
  }

  @SuppressWarnings("unchecked")
  public static TicketScope fromJson(JsonObject json) {
    return new TicketScope(json.getString("customerId"), json.getString("agentId"),
      json.getJsonArray("depts", new JsonArray()).getList());
  }
}
