package dev.switchboard.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The authenticated user behind a session or a REST call, taken from the token's claims only.
 * It travels with every request on the event bus as headers, so domains never trust a payload
 * for identity.
 */
public record Principal(String id, String name, Role role, List<String> depts) {

  public static final String HEADER_ID = "sb-user-id";
  public static final String HEADER_NAME = "sb-user-name";
  public static final String HEADER_ROLE = "sb-user-role";
  public static final String HEADER_DEPTS = "sb-user-depts";

  public Principal {
    depts = List.copyOf(depts);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  public MultiMap writeTo(MultiMap headers) {
    return headers.add(HEADER_ID, id).add(HEADER_NAME, name).add(HEADER_ROLE, role.wireName())
      .add(HEADER_DEPTS, String.join(",", depts));
  }

  /** Reads the principal a trusted edge put in the headers; empty when there is none. */
  public static Optional<Principal> readFrom(MultiMap headers) {
    String id = headers.get(HEADER_ID);
    var role = Role.parse(headers.get(HEADER_ROLE));
    if (id == null || role.isEmpty()) {
      return Optional.empty();
    }
    String depts = headers.get(HEADER_DEPTS);
    List<String> list = depts == null || depts.isEmpty() ? List.of() : List.of(depts.split(","));
    return Optional.of(new Principal(id, headers.get(HEADER_NAME), role.get(), list));
  }

  /**
   * Reads the claims of a verified token: {@code sub}, {@code name}, the role and the departments
   * (strings or numbers) where {@code names} says they are. Throws {@link IllegalArgumentException}
   * naming the claim that is wrong.
   */
  public static Principal fromClaims(JsonObject claims, ClaimNames names) {
    String sub = scalar(claims.getValue("sub"), "sub");
    String name = claims.getValue("name") == null ? sub : scalar(claims.getValue("name"), "name");
    Role role = Role.parse(names.roleOf(claims) instanceof String s ? s : null)
      .orElseThrow(() -> new IllegalArgumentException("claim '" + names.role() + "' must be customer, agent, admin or service"));
    List<String> depts = new ArrayList<>();
    Object raw = ClaimNames.at(claims, names.depts());
    if (raw != null) {
      if (!(raw instanceof JsonArray array)) {
        throw new IllegalArgumentException("claim '" + names.depts() + "' must be an array");
      }
      for (Object dept : array) {
        depts.add(scalar(dept, names.depts()));
      }
    }
    return new Principal(sub, name, role, depts);
  }

  private static String scalar(Object value, String claim) {
    if (value instanceof String s && !s.isBlank()) {
      if (s.chars().anyMatch(Character::isISOControl)) {
        // a CR or LF in an id or a name would forge lines in logs and headers downstream
        throw new IllegalArgumentException("claim '" + claim + "' must not contain control characters");
      }
      return s;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return Long.toString(n.longValue());
    }
    throw new IllegalArgumentException("claim '" + claim + "' must be a non-empty string or a whole number");
  }
}
