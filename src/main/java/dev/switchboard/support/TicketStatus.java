package dev.switchboard.support;

/** Where a ticket is in its life; a CLOSED ticket takes no more public messages. */
public enum TicketStatus {
  OPEN, IN_PROGRESS, PENDING, RESOLVED, CLOSED
}
