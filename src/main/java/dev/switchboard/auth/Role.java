package dev.switchboard.auth;

import java.util.Locale;
import java.util.Optional;

/** Who a user is to the gateway. Agents and admins are staff; admins may enter any room. */
public enum Role {
  CUSTOMER, AGENT, ADMIN;

  public boolean staff() {
    return this != CUSTOMER;
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
