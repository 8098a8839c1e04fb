package dev.switchboard.support;

import dev.switchboard.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which tickets a user may see: a customer their own; an agent those assigned to them, their
 * departments', and the shared queue (tickets with neither a department nor an assignee, which is
 * how a customer's ticket starts); an admin all. A service reads like a customer with its own id,
 * which owns no tickets: it publishes, it does not read.
 * <p>
 * The rule is written once, as {@link #anyOf()}: the same alternatives guard single tickets here
 * and become the store's filter for lists and counts.
 */
public record TicketScope(String customerId, String agentId, List<String> depts) {
  public static final String CUSTOMER_ID = "customerId";
  public static final String ASSIGNED_TO = "assignedTo";
  public static final String DEPARTMENT_ID = "departmentId";

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

  /**
   * The alternatives, any one of which admits a ticket. Each maps a ticket field to what it must
   * be: a string equal to it, a list holding it, or null for a field that is absent. No
   * alternatives: every ticket.
   */
  public List<Map<String, Object>> anyOf() {
    if (customerId != null) {
      return List.of(Map.of(CUSTOMER_ID, customerId));
    }
    if (agentId != null) {
      Map<String, Object> sharedQueue = new HashMap<>();
      sharedQueue.put(DEPARTMENT_ID, null);
      sharedQueue.put(ASSIGNED_TO, null);
      return List.of(Map.of(ASSIGNED_TO, agentId), Map.of(DEPARTMENT_ID, depts), sharedQueue);
    }
    return List.of();
  }

  public boolean admits(Ticket ticket) {
    return admits(ticket.toJson());
  }

  /** Whether the ticket with these fields ({@link #fieldsOf} suffices) is admitted. */
  public boolean admits(JsonObject fields) {
    List<Map<String, Object>> alternatives = anyOf();
    if (alternatives.isEmpty()) {
      return true;
    }
    return alternatives.stream().anyMatch(alternative -> alternative.entrySet().stream()
      .allMatch(field -> matches(fields.getString(field.getKey()), field.getValue())));
  }

  /** The ticket's fields this rule reads: what an event about it carries, so each receiving session is judged. */
  public static JsonObject fieldsOf(Ticket ticket) {
    return new JsonObject().put(CUSTOMER_ID, ticket.customerId()).put(ASSIGNED_TO, ticket.assignedTo())
      .put(DEPARTMENT_ID, ticket.departmentId());
  }

  private static boolean matches(String actual, Object wanted) {
    return wanted instanceof List<?> oneOf ? actual != null && oneOf.contains(actual) : Objects.equals(actual, wanted);
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
