package dev.switchboard.support;

/** How urgent a ticket is. */
public enum TicketPriority {
  LOW, MEDIUM, HIGH, CRITICAL
}
