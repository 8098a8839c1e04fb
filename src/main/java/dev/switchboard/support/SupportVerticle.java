package dev.switchboard.support;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.payload.Fields;
import dev.switchboard.payload.SeqRange;
import dev.switchboard.presence.PresenceChange;
import dev.switchboard.fanout.Audience;
import dev.switchboard.fanout.CatchUp;
import dev.switchboard.fanout.Participant;
import dev.switchboard.fanout.RoomBus;
import dev.switchboard.fanout.RoomParticipants;
import dev.switchboard.fanout.RoomPresence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The support desk (seeds 000, 002, 003, 004): tickets over REST and {@code support-chat:*} in
 * realtime. A REST write and its socket event take the same path here, so they have the same effect.
 * Internal notes, and typing on them, reach staff sessions only.
 */
public final class SupportVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SupportVerticle.class);
  static final int MAX_SUBJECT = 200;
  static final int MAX_TEMP_ID = 128;
  static final int MAX_PAGE = 100;
  static final int DEFAULT_PAGE = 20;
  /** How many of the latest messages a join replies as {@code recent_messages}. */
  static final int DEFAULT_RECENT = 50;
  static final String AGENT_STATUSES = "sb.agent-statuses";
  private static final Set<String> CREATE_FIELDS = Set.of("subject", "body", "priority", "departmentId", "customerId");
  private static final Set<String> UPDATE_FIELDS = Set.of("ticketId", "status", "assignedTo", "departmentId", "priority",
    "version");

  private final TicketStore store;
  private final RoomParticipants participants;
  private final int maxBodyBytes;
  private RoomBus rooms;
  private AsyncMap<String, JsonObject> agentStatuses;

  public SupportVerticle(TicketStore store, RoomPresence presence, int maxBodyBytes) {
    this.store = store;
    this.participants = new RoomParticipants(presence);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    rooms = new RoomBus(bus);
    return vertx.sharedData().<String, JsonObject>getAsyncMap(AGENT_STATUSES).compose(map -> {
      agentStatuses = map;
      return Future.all(List.of(
        Requests.handle(bus, Addresses.inbound(Addresses.SUPPORT_JOIN), this::join),
        Requests.handle(bus, Addresses.inbound(Addresses.SUPPORT_LEAVE), this::leave),
        Requests.handle(bus, Addresses.inbound(Addresses.SUPPORT_MESSAGE), this::message),
        Requests.handle(bus, Addresses.inbound(Addresses.SUPPORT_TYPING), this::typing),
        Requests.handle(bus, Addresses.inbound(Addresses.SUPPORT_TICKET_UPDATE), this::update),
        Requests.handle(bus, Addresses.inbound(Addresses.SUPPORT_AGENT_STATUS), this::agentStatus),
        Requests.handle(bus, Addresses.authorizer(Addresses.SUPPORT_FAMILY), this::authorize),
        Requests.handle(bus, Addresses.authorizer(Addresses.DEPARTMENT_FAMILY), this::authorizeDepartment),
        Requests.handle(bus, Addresses.catchUp(Addresses.SUPPORT_FAMILY), this::catchUp),
        Requests.handle(bus, Addresses.SUPPORT_CREATE_TICKET, this::create),
        Requests.handle(bus, Addresses.SUPPORT_OPEN_EXTERNAL, this::openExternal),
        Requests.handle(bus, Addresses.SUPPORT_LIST_TICKETS, this::list),
        Requests.handle(bus, Addresses.SUPPORT_GET_TICKET, this::get),
        Requests.handle(bus, Addresses.SUPPORT_TICKET_MESSAGES, this::messages),
        Requests.handle(bus, Addresses.SUPPORT_TICKET_COUNTS, this::counts),
        Requests.handle(bus, Addresses.SUPPORT_AGENT_STATUSES, this::agentStatuses),
        Requests.handle(bus, Addresses.SUPPORT_AGENTS_OF, this::agentsOf),
        participants.start(bus, this::publishLeft),
        bus.<JsonObject>localConsumer(Addresses.PRESENCE_CHANGED, this::presenceChanged).completion()));
    });
  }

  // --- REST-only reads and creation

  private Future<JsonObject> create(Principal principal, Message<JsonObject> request) {
    JsonObject body = request.body();
    Fields.only(body, CREATE_FIELDS);
    String customerId = Fields.optionalId(body, "customerId");
    if (principal.role() == Role.SERVICE) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("services publish; customers and staff open tickets"));
    }
    if (principal.role() == Role.CUSTOMER && customerId != null && !customerId.equals(principal.id())) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("customers open tickets for themselves only"));
    }
    if (principal.role().staff() && customerId == null) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("customerId is required when staff open a ticket"));
    }
    TicketPriority priority = Fields.optionalEnum(body, "priority", TicketPriority.class);
    var ticket = new Ticket(null, Fields.text(body, "subject", MAX_SUBJECT), Fields.optionalText(body, "body", maxBodyBytes),
      TicketStatus.OPEN, priority == null ? TicketPriority.MEDIUM : priority, Fields.optionalId(body, "departmentId"),
      customerId == null ? principal.id() : customerId, principal.role() == Role.CUSTOMER ? principal.name() : null,
      null, principal.id(), null, null, 0, 0, null);
    return opened(ticket);
  }

  /**
   * A ticket for a customer of an external channel, opened by the channel (a service) when the
   * customer first writes: {@code {customerId, customerName, departmentId?, subject, origin}}.
   */
  private Future<JsonObject> openExternal(Principal principal, Message<JsonObject> request) {
    if (principal.role() != Role.SERVICE) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only the channels open tickets for external customers"));
    }
    JsonObject body = request.body();
    var ticket = new Ticket(null, Fields.text(body, "subject", MAX_SUBJECT), null, TicketStatus.OPEN, TicketPriority.MEDIUM,
      Fields.optionalId(body, "departmentId"), body.getString("customerId"), body.getString("customerName"), null,
      principal.id(), null, null, 0, 0, ExternalOrigin.fromJson(body.getJsonObject("origin")));
    return opened(ticket);
  }

  /** Stores a new ticket and tells the staff who may see it. */
  private Future<JsonObject> opened(Ticket ticket) {
    return store.create(ticket).map(created -> {
      rooms.publishToStaffSeeing(Addresses.SUPPORT_AGENTS, Addresses.SUPPORT_TICKET_CREATED, created.toJson(),
        TicketScope.fieldsOf(created));
      return created.toJson();
    });
  }

  private Future<JsonObject> list(Principal principal, Message<JsonObject> request) {
    JsonObject params = request.body();
    var query = new TicketQuery(TicketScope.of(principal), Fields.optionalEnum(params, "status", TicketStatus.class),
      Fields.optionalId(params, "assignedTo"), Fields.optionalId(params, "departmentId"),
      Fields.optionalEnum(params, "priority", TicketPriority.class),
      (int) Fields.longIn(params, "limit", 1, MAX_PAGE, DEFAULT_PAGE), Fields.optionalText(params, "cursor", 200));
    return store.list(query).map(page -> new JsonObject()
      .put("tickets", new JsonArray(page.tickets().stream().map(Ticket::toJson).toList()))
      .put("nextCursor", page.nextCursor()));
  }

  private Future<JsonObject> get(Principal principal, Message<JsonObject> request) {
    return visibleTicket(principal, Fields.id(request.body(), "ticketId")).map(Ticket::toJson);
  }

  private Future<JsonObject> messages(Principal principal, Message<JsonObject> request) {
    JsonObject query = request.body();
    String ticketId = Fields.id(query, "ticketId");
    SeqRange range = Fields.seqRange(query, MAX_PAGE, DEFAULT_PAGE);
    return visibleTicket(principal, ticketId)
      .compose(ticket -> store.messages(ticketId, range, principal.role().staff()))
      .map(list -> new JsonObject().put("ticketId", ticketId)
        .put("messages", new JsonArray(list.stream().map(TicketMessage::toJson).toList())));
  }

  private Future<JsonObject> counts(Principal principal, Message<JsonObject> request) {
    return store.counts(TicketScope.of(principal));
  }

  // --- Realtime, and the REST writes that share their path

  private Future<JsonObject> join(Principal principal, Message<JsonObject> request) {
    String ticketId = Fields.id(request.body(), "ticketId");
    String room = Addresses.ticketRoom(ticketId);
    Future<Ticket> visible = visibleTicket(principal, ticketId);
    var who = new Participant(null, principal.id(), principal.name(), userType(principal));
    return participants.enter(request, room, who, visible).compose(entered -> {
      // announced once per connection: not for REST, nor for a connection that joined already
      if (entered != null) {
        rooms.publishExceptCaller(request, room, Addresses.SUPPORT_USER_JOINED, entered.toJson().put("ticketId", ticketId),
          Audience.EVERYONE);
      }
      return visible;
    }).compose(ticket -> Future.all(participants.in(room),
        store.messages(ticketId, SeqRange.before(Long.MAX_VALUE, DEFAULT_RECENT), principal.role().staff()))
      .map(both -> {
        List<Participant> inRoom = both.resultAt(0);
        List<JsonObject> recent = new ArrayList<>(both.<List<TicketMessage>>resultAt(1).stream()
          .map(TicketMessage::toJson).toList());
        Collections.reverse(recent);
        return new JsonObject()
          .put("ticketId", ticketId).put("ticket", ticket.toJson()).put("lastSeq", ticket.lastSeq())
          .put("participants", new JsonArray(inRoom.stream().map(Participant::toJson).distinct().toList()))
          .put("recent_messages", new JsonArray(recent));
      }));
  }

  private Future<JsonObject> leave(Principal principal, Message<JsonObject> request) {
    String ticketId = Fields.id(request.body(), "ticketId");
    String room = Addresses.ticketRoom(ticketId);
    return rooms.unsubscribeCaller(request, room)
      .compose(v -> participants.leave(request, room))
      .map(gone -> {
        if (gone != null) {
          publishLeft(room, gone);
        }
        return new JsonObject().put("ticketId", ticketId);
      });
  }

  /** Tells a ticket room that a participant left: their session closed, or their node died. */
  private void publishLeft(String room, Participant participant) {
    rooms.publish(room, Addresses.SUPPORT_USER_LEFT, participant.toJson().put("ticketId", Addresses.ticketIdOf(room)));
  }

  private Future<JsonObject> message(Principal principal, Message<JsonObject> request) {
    JsonObject body = request.body();
    String ticketId = Fields.id(body, "ticketId");
    boolean internal = body.getValue("isInternal") != null && Fields.bool(body, "isInternal");
    String text = Fields.text(body, "body", maxBodyBytes);
    String tempId = Fields.optionalText(body, "tempId", MAX_TEMP_ID);
    return staffOnlyIfInternal(principal, internal)
      .compose(v -> visibleTicket(principal, ticketId))
      .compose(ticket -> store.append(new NewTicketMessage(ticketId, text, tempId, principal.id(), principal.name(),
        userType(principal), internal, deliveredAs(ticket, principal, internal))).map(stored -> {
        JsonObject payload = stored.message().toJson();
        if (!stored.duplicate()) {
          rooms.publishExceptCaller(request, Addresses.ticketRoom(ticketId), Addresses.SUPPORT_MESSAGE, payload,
            internal ? Audience.STAFF : Audience.EVERYONE);
          updateConversationLists(ticket, principal, stored.message());
        }
        return payload;
      }));
  }

  /** Where a message leaves the gateway: staff's public replies on a ticket of an external channel; nothing else. */
  private static ExternalOrigin deliveredAs(Ticket ticket, Principal sender, boolean internal) {
    return internal || !sender.role().staff() ? null : ticket.origin();
  }

  /**
   * Seed 001's list updates: a customer's message is {@code new_customer_message} for the assigned
   * agent (or all staff while nobody is), staff messages update the customer's and the assignee's lists.
   */
  private void updateConversationLists(Ticket ticket, Principal sender, TicketMessage message) {
    JsonObject update = new JsonObject().put("conversation_id", ticket.id()).put("kind", "ticket")
      .put("lastSeq", message.seq()).put("updated_at", message.createdAt());
    if (!sender.role().staff()) {
      JsonObject news = update.put("message", message.toJson()).put("timestamp", System.currentTimeMillis());
      if (ticket.assignedTo() == null) {
        rooms.publishToStaffSeeing(Addresses.SUPPORT_AGENTS, Addresses.NEW_CUSTOMER_MESSAGE, news, TicketScope.fieldsOf(ticket));
      } else {
        rooms.publish(Addresses.user(ticket.assignedTo()), Addresses.NEW_CUSTOMER_MESSAGE, news);
      }
      return;
    }
    update.put("last_message", message.toJson());
    List<String> told = new ArrayList<>();
    if (!message.isInternal()) {
      told.add(Addresses.user(ticket.customerId()));
    }
    if (ticket.assignedTo() != null && !ticket.assignedTo().equals(sender.id())) {
      told.add(Addresses.user(ticket.assignedTo()));
    }
    rooms.multicast(told, Addresses.CONVERSATION_UPDATED, update);
  }

  private Future<JsonObject> typing(Principal principal, Message<JsonObject> request) {
    JsonObject body = request.body();
    String ticketId = Fields.id(body, "ticketId");
    boolean isTyping = Fields.bool(body, "isTyping");
    boolean internal = body.getValue("isInternal") != null && Fields.bool(body, "isInternal");
    return staffOnlyIfInternal(principal, internal)
      .compose(v -> visibleTicket(principal, ticketId))
      .map(ticket -> {
        JsonObject payload = new JsonObject().put("ticketId", ticketId).put("isTyping", isTyping).put("isInternal", internal)
          .put("userId", principal.id()).put("userName", principal.name()).put("userType", userType(principal))
          .put("timestamp", System.currentTimeMillis());
        rooms.publishExceptCaller(request, Addresses.ticketRoom(ticketId), Addresses.SUPPORT_TYPING, payload,
          internal ? Audience.STAFF : Audience.EVERYONE);
        return payload;
      });
  }

  /** {@code support-chat:ticket-update} and {@code PATCH /tickets/{id}}: replies the updated ticket. */
  private Future<JsonObject> update(Principal principal, Message<JsonObject> request) {
    if (!principal.role().staff()) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only agents and admins update tickets"));
    }
    JsonObject body = request.body();
    Fields.only(body, UPDATE_FIELDS);
    String ticketId = Fields.id(body, "ticketId");
    var changes = new TicketChanges(Fields.optionalEnum(body, "status", TicketStatus.class),
      Fields.optionalEnum(body, "priority", TicketPriority.class), body.containsKey("assignedTo"),
      Fields.optionalId(body, "assignedTo"), body.containsKey("departmentId"), Fields.optionalId(body, "departmentId"),
      body.getValue("version") == null ? null : Fields.longIn(body, "version", 1, Long.MAX_VALUE, 1));
    if (changes.isEmpty()) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception(
        "nothing to change: give status, assignedTo, departmentId or priority"));
    }
    return visibleTicket(principal, ticketId)
      .compose(ticket -> store.update(ticketId, changes))
      .map(updated -> {
        JsonObject event = changes.fields().put("ticketId", ticketId).put("version", updated.version())
          .put("timestamp", System.currentTimeMillis());
        rooms.publishExceptCaller(request, Addresses.ticketRoom(ticketId), Addresses.SUPPORT_TICKET_UPDATE, event,
          Audience.EVERYONE);
        // to the staff who may see the ticket as it is now
        rooms.publishToStaffSeeing(Addresses.SUPPORT_AGENTS, Addresses.SUPPORT_TICKET_UPDATE, event, TicketScope.fieldsOf(updated));
        if (changes.assign() && changes.assignedTo() != null) {
          rooms.publish(Addresses.user(changes.assignedTo()), Addresses.SUPPORT_TICKET_UPDATE, event);
        }
        if (changes.changesAudience()) {
          // after the update event, so the sessions that lose the ticket still hear why
          rooms.accessChanged(Addresses.ticketRoom(ticketId));
        }
        return updated.toJson();
      });
  }

  private Future<JsonObject> agentStatus(Principal principal, Message<JsonObject> request) {
    if (!principal.role().staff()) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only agents and admins have an agent status"));
    }
    String status = Fields.oneOf(request.body(), "status", Set.of("available", "busy", "offline"));
    JsonObject payload = new JsonObject().put("agentId", principal.id()).put("agentName", principal.name())
      .put("status", status).put("timestamp", System.currentTimeMillis());
    return agentStatuses.put(principal.id(), payload).map(v -> {
      rooms.publish(Addresses.SUPPORT_AGENTS, Addresses.SUPPORT_AGENT_STATUS, payload, Audience.STAFF);
      return payload;
    });
  }

  /**
   * An agent with no session left anywhere is offline, whatever status they set. Every node hears the
   * change and tells its own staff sessions; the node that saw it happen drops the stored status.
   */
  private void presenceChanged(Message<JsonObject> event) {
    PresenceChange change = PresenceChange.fromJson(event.body());
    if (change.online() || Role.parse(change.userType()).filter(Role::staff).isEmpty()) {
      return;
    }
    if (change.observedHere()) {
      agentStatuses.remove(change.userId())
        .onFailure(cause -> LOG.warn("agent {}'s status outlives their last session: {}", change.userId(), cause.getMessage()));
    }
    rooms.publishLocal(Addresses.SUPPORT_AGENTS, Addresses.SUPPORT_AGENT_STATUS, new JsonObject()
      .put("agentId", change.userId()).put("status", "offline").put("timestamp", System.currentTimeMillis()));
  }

  /**
   * Staff and backends see every agent's status; a customer those of the agents of their own tickets,
   * and whether any agent is available: what concerns their conversations, not the whole team.
   */
  private Future<JsonObject> agentStatuses(Principal principal, Message<JsonObject> request) {
    Future<Set<String>> shown = principal.role() == Role.CUSTOMER ? assignees(principal) : Future.succeededFuture(null);
    return Future.all(agentStatuses.values(), shown).map(both -> {
      List<JsonObject> all = both.resultAt(0);
      Set<String> theirs = both.resultAt(1);
      List<JsonObject> listed = all.stream().filter(status -> theirs == null || theirs.contains(status.getString("agentId")))
        .sorted((a, b) -> a.getString("agentId").compareTo(b.getString("agentId"))).toList();
      return new JsonObject().put("agents", new JsonArray(listed))
        .put("available", all.stream().anyMatch(status -> "available".equals(status.getString("status"))));
    });
  }

  private Future<JsonObject> agentsOf(Principal principal, Message<JsonObject> request) {
    return assignees(principal).map(agents -> new JsonObject().put("agents", new JsonArray(List.copyOf(agents))));
  }

  /** The agents assigned to the newest tickets the principal may see. */
  private Future<Set<String>> assignees(Principal principal) {
    return store.list(new TicketQuery(TicketScope.of(principal), null, null, null, null, MAX_PAGE, null))
      .map(page -> page.tickets().stream().map(Ticket::assignedTo).filter(java.util.Objects::nonNull)
        .collect(java.util.stream.Collectors.toSet()));
  }

  /** Who may register on {@code support-chat:*}: staff on the agents channel, the ticket's audience on a ticket. */
  private Future<JsonObject> authorize(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    if (Addresses.SUPPORT_AGENTS.equals(address)) {
      return principal.role().staff() ? Future.succeededFuture(new JsonObject())
        : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only agents and admins listen on " + address));
    }
    String ticketId = Fields.id(address.substring(Addresses.SUPPORT_FAMILY.length() + 1), "ticket id");
    return visibleTicket(principal, ticketId).map(new JsonObject());
  }

  /** A ticket's messages after the seq a returning participant has (internal notes for staff only); nothing on the agents' channel. */
  private Future<JsonObject> catchUp(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    if (Addresses.SUPPORT_AGENTS.equals(address)) {
      return Future.succeededFuture(CatchUp.nothing());
    }
    String ticketId = Fields.id(address.substring(Addresses.SUPPORT_FAMILY.length() + 1), "ticket id");
    return visibleTicket(principal, ticketId).compose(ticket -> CatchUp.missed(Addresses.SUPPORT_MESSAGE,
      CatchUp.after(request.body()), range -> store.messages(ticketId, range, principal.role().staff()), TicketMessage::toJson));
  }

  /** A department's room: its agents, and admins. */
  private Future<JsonObject> authorizeDepartment(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    String department = Fields.id(address.substring(Addresses.DEPARTMENT_FAMILY.length() + 1), "department id");
    return principal.isAdmin() || (principal.role().staff() && principal.depts().contains(department))
      ? Future.succeededFuture(new JsonObject())
      : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only the agents of department " + department + " listen on " + address));
  }

  private Future<Ticket> visibleTicket(Principal principal, String ticketId) {
    return store.find(ticketId).compose(ticket -> TicketScope.of(principal).admits(ticket)
      ? Future.succeededFuture(ticket)
      : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("ticket " + ticketId + " is not yours to see")));
  }

  private static Future<Void> staffOnlyIfInternal(Principal principal, boolean internal) {
    return internal && !principal.role().staff()
      ? Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only agents and admins write or see internal notes"))
      : Future.succeededFuture();
  }

  /** The seed's sender types: staff speak as agents. */
  private static String userType(Principal principal) {
    return principal.role().staff() ? "agent" : "customer";
  }
}
