package dev.switchboard.auth;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Where a token's identity provider writes the role and the departments, and what it calls the
 * roles. A Supabase token, for one, says {@code role: "authenticated"} and keeps the application's
 * role in {@code app_metadata.role}. Paths are dotted ({@code app_metadata.role}).
 *
 * @param role    the path of the role claim
 * @param depts   the path of the departments claim
 * @param roleMap the provider's role names to the gateway's ({@code customer}, {@code agent}, ...);
 *                a name not in it is taken as it is
 */
public record ClaimNames(String role, String depts, Map<String, String> roleMap) {
  public static final ClaimNames DEFAULT = new ClaimNames("role", "depts", Map.of());

  public ClaimNames {
    roleMap = Map.copyOf(roleMap);
  }

  /** The value at a dotted path of the claims, or null where there is none. */
  static Object at(JsonObject claims, String path) {
    Object value = claims;
    for (String step : path.split("\\.")) {
      if (!(value instanceof JsonObject object)) {
        return null;
      }
      value = object.getValue(step);
    }
    return value;
  }

  /** The role the gateway reads, after the provider's name is mapped. */
  Object roleOf(JsonObject claims) {
    Object raw = at(claims, role);
    return raw instanceof String name ? roleMap.getOrDefault(name, name) : raw;
  }
}
