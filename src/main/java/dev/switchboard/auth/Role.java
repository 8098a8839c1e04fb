package dev.switchboard.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Who a user is to the gateway. Agents and admins are staff; admins may enter any room. A service is
 * a backend that publishes (notifications, broadcasts) and is not a person: it is never staff.
 */
public enum Role {
  CUSTOMER, AGENT, ADMIN, SERVICE;

  public boolean staff() {
    return this == AGENT || this == ADMIN;
  }

  /** Backends and admins may publish to any user, room or ticket. */
  public boolean publisher() {
    return this == ADMIN || this == SERVICE;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String value) {
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
