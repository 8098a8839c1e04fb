package dev.switchboard.support;

import dev.switchboard.payload.SeqRange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Where tickets and their conversations are kept. Failures are coded: {@code TICKET_NOT_FOUND},
 * {@code VERSION_CONFLICT}, {@code ROOM_INACTIVE}, {@code STORE_UNAVAILABLE}.
 */
public interface TicketStore {

  /** Stores a new ticket (its id, dates, seq and version are the store's). */
  Future<Ticket> create(Ticket ticket);

  Future<Ticket> find(String ticketId);

  /** A page, newest activity first, and the cursor of the next page (null on the last). */
  Future<TicketPage> list(TicketQuery query);

  /** Applies the changes atomically; with an expected version, only to that version. */
  Future<Ticket> update(String ticketId, TicketChanges changes);

  /** {@code {"status": {OPEN: n, ...}, "priority": {LOW: n, ...}, "total": n}} within the scope. */
  Future<JsonObject> counts(TicketScope scope);

  /** Stores a message with the ticket's next seq, once per sender and tempId. */
  Future<StoredTicketMessage> append(NewTicketMessage message);

  /** Up to {@code limit} messages below {@code beforeSeq}, newest first; internal notes only if asked. */
  Future<List<TicketMessage>> messages(String ticketId, SeqRange range, boolean includeInternal);

  /** A page of tickets. */
  record TicketPage(List<Ticket> tickets, String nextCursor) {
  }

  /** A stored message, and whether an earlier attempt stored it. */
  record StoredTicketMessage(TicketMessage message, boolean duplicate) {
  }
}
