// Switchboard's event-bus bridge in TypeScript: the addresses a client sends requests to, the
// addresses it registers, and the payload of every request, reply and event on them.
//
// docs/protocol.md, section 4, is the reference; each name below is the one used there. Typing the
// stock client with these: types/eventbus-bridge-client.d.ts. Both are checked by compiling
// examples/ against them (`npm run typecheck` in examples/), and the examples run against a real
// gateway in the test suite (ExamplesTest).

/** A room, user, ticket or department id: `[A-Za-z0-9_-]{1,64}`. Replies and events always carry strings. */
export type Id = string;
/** Where a request takes an id, a whole number is accepted too and read as its decimal string. */
export type IdInput = Id | number;
/** An ISO-8601 UTC instant, such as `2026-11-21T05:52:39.645218047Z`. */
export type Instant = string;
/** Milliseconds since the epoch, taken on the node that handled the request. */
export type EpochMillis = number;

export type Role = 'customer' | 'agent' | 'admin' | 'service';
/** In support desk payloads: `agent` for agents and admins, `customer` for customers and services. */
export type SupportUserType = 'agent' | 'customer';
export type TicketStatus = 'OPEN' | 'IN_PROGRESS' | 'PENDING' | 'RESOLVED' | 'CLOSED';
export type TicketPriority = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

// ------------------------------------------------------------------ errors

/** The codes a refusal starts with (docs/protocol.md, section 6). */
export type ErrorCode =
  | 'INVALID_DATA' | 'AUTH_REQUIRED' | 'ACCESS_DENIED' | 'ROOM_NOT_FOUND' | 'TICKET_NOT_FOUND' | 'NOT_FOUND'
  | 'CHANNEL_NOT_FOUND' | 'ROOM_EXISTS' | 'ROOM_INACTIVE' | 'VERSION_CONFLICT' | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMIT_EXCEEDED' | 'URI_TOO_LONG' | 'HEADERS_TOO_LARGE' | 'INTERNAL_ERROR' | 'STORE_UNAVAILABLE'
  | 'NODE_DRAINING' | 'SIGNATURE_INVALID';

/**
 * A refused request or register, as the stock client hands it to a callback. `message` is
 * `CODE: text`: match on the code before the colon, as the text may change. (The `err` frame of a
 * RATE_LIMIT_EXCEEDED also carries `retryAfterMs`, which the stock client does not pass on.)
 */
export interface BridgeError {
  /** The code's HTTP status: 400, 403, 404, 409, 429, 503, ... */
  failureCode: number;
  failureType: string;
  message: `${ErrorCode}: ${string}`;
}

// ------------------------------------------------------------------ stored things

/** A stored chat message: the `internal-chat:message` reply and event. */
export interface ChatMessage {
  id: string;
  roomId: Id;
  body: string;
  senderId: Id;
  senderName: string;
  createdAt: Instant;
  /** 1, 2, 3, ... per room, in the order the messages were stored. */
  seq: number;
  /** The client's own id for a safe retry; null when none was sent. */
  tempId: string | null;
}

/** A stored ticket message or internal note: the `support-chat:message` reply and event. */
export interface TicketMessage {
  id: string;
  ticketId: Id;
  body: string;
  senderId: Id;
  senderName: string;
  senderType: SupportUserType;
  /** Internal notes reach agents and admins only. */
  isInternal: boolean;
  createdAt: Instant;
  /** Public messages and internal notes share one sequence per ticket. */
  seq: number;
  tempId: string | null;
}

/** A support ticket (docs/protocol.md, section 7, "The ticket object"). */
export interface Ticket {
  id: Id;
  subject: string;
  body: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  departmentId: Id | null;
  customerId: Id;
  /** The customer's name when the customer opened it; null when staff did. */
  customerName: string | null;
  assignedTo: Id | null;
  createdBy: Id;
  createdAt: Instant;
  updatedAt: Instant;
  lastSeq: number;
  /** 1 when opened, plus 1 per update. */
  version: number;
}

export interface Notification {
  id: string;
  userId: Id;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: Instant;
}

/** The latest message of a conversation, in brief. */
export interface MessageSummary {
  body: string;
  senderId: Id;
  senderName: string;
  createdAt: Instant;
  /** On tickets only. */
  senderType?: SupportUserType;
}

/** A room or ticket in a user's list (`conversations:list`). */
export interface Conversation {
  id: Id;
  kind: 'room' | 'ticket';
  /** The room's name or the ticket's subject. */
  title: string;
  /** `active` for a room; the ticket's status for a ticket. */
  status: 'active' | TicketStatus;
  last_message: MessageSummary | null;
  lastSeq: number;
  /** The user's read cursor. */
  readSeq: number;
  unread_count: number;
  created_at: Instant;
  updated_at: Instant;
  customer: { id: Id; name: string | null } | null;
  source: 'telegram' | 'instagram' | null;
}

export interface OnlineUser {
  userId: Id;
  userType: Role;
  lastSeen: Instant;
}

/** The figures of `roomStatsUpdate` and `admin:get-stats`. */
export interface RoomStats {
  totalRooms: number;
  activeRooms: number;
  totalUsers: number;
  nodes: number;
  totalConnections: number;
  timestamp: EpochMillis;
}

// ------------------------------------------------------------------ payloads shared by replies and events

export interface RoomSnapshot {
  roomId: Id;
  name: string;
  lastSeq: number;
  memberCount: number;
  /** Up to `limit` of the latest messages, oldest first. */
  recent_messages: ChatMessage[];
}

export interface Participant {
  userId: Id;
  userName: string;
  userType: SupportUserType;
}

export interface TicketSnapshot {
  ticketId: Id;
  ticket: Ticket;
  lastSeq: number;
  participants: Participant[];
  /** Up to 50 of the latest messages, oldest first; customers never get internal notes. */
  recent_messages: TicketMessage[];
}

export interface ChatTyping {
  roomId: Id;
  isTyping: boolean;
  userId: Id;
  userName: string;
  timestamp: EpochMillis;
}

export interface TicketTyping {
  ticketId: Id;
  isTyping: boolean;
  isInternal: boolean;
  userId: Id;
  userName: string;
  timestamp: EpochMillis;
}

export interface UserStatus {
  userId: Id;
  status: 'online' | 'offline';
  timestamp: EpochMillis;
}

export interface AgentStatus {
  agentId: Id;
  /** Absent when the gateway itself reports an agent who went offline. */
  agentName?: string;
  status: 'available' | 'busy' | 'offline';
  timestamp: EpochMillis;
}

/** The fields an update set, with the ticket's new version. */
export interface TicketUpdated {
  ticketId: Id;
  version: number;
  timestamp: EpochMillis;
  status?: TicketStatus;
  priority?: TicketPriority;
  assignedTo?: Id | null;
  departmentId?: Id | null;
}

export interface MemberOfTicket extends Participant {
  ticketId: Id;
}

export type MessagesRead = ({ roomId: Id } | { ticketId: Id }) & { userId: Id; seq: number };

/** A new message moved a conversation in a member's list. */
export interface ConversationMessaged {
  conversation_id: Id;
  kind: 'room' | 'ticket';
  lastSeq: number;
  updated_at: Instant;
  last_message: ChatMessage | TicketMessage;
}

/** The user marked a conversation read, on any of their devices. */
export interface ConversationMarked {
  conversation_id: Id;
  kind: 'room' | 'ticket';
  readSeq: number;
  unread_count: number;
}

export interface NewCustomerMessage {
  conversation_id: Id;
  kind: 'ticket';
  lastSeq: number;
  updated_at: Instant;
  message: TicketMessage;
  timestamp: EpochMillis;
}

export interface ExternalSendResult {
  ticketId: Id;
  messageId: string;
  external_send_result: { success: boolean; platform: 'telegram' | 'instagram'; error?: string };
}

// ------------------------------------------------------------------ requests

/** Every request address, with its body and the body of its reply. */
export interface Requests {
  'internal-chat:join': { request: { roomId: IdInput; limit?: number }; reply: RoomSnapshot };
  'internal-chat:message': { request: { roomId: IdInput; body: string; tempId?: string | null }; reply: ChatMessage };
  'internal-chat:typing': { request: { roomId: IdInput; isTyping: boolean }; reply: ChatTyping };
  'internal-chat:leave': { request: { roomId: IdInput }; reply: { roomId: Id } };
  'internal-chat:set-status': { request: { status: 'online' | 'offline' }; reply: UserStatus };

  'support-chat:join': { request: { ticketId: IdInput }; reply: TicketSnapshot };
  'support-chat:leave': { request: { ticketId: IdInput }; reply: { ticketId: Id } };
  'support-chat:message': {
    request: { ticketId: IdInput; body: string; tempId?: string | null; isInternal?: boolean | null };
    reply: TicketMessage;
  };
  'support-chat:typing': {
    request: { ticketId: IdInput; isTyping: boolean; isInternal?: boolean | null };
    reply: TicketTyping;
  };
  /** Agents and admins only. At least one of status, assignedTo, departmentId and priority. */
  'support-chat:ticket-update': {
    request: {
      ticketId: IdInput; status?: TicketStatus | null; priority?: TicketPriority | null;
      assignedTo?: IdInput | null; departmentId?: IdInput | null; version?: number;
    };
    reply: Ticket;
  };
  'support-chat:agent-status': { request: { status: 'available' | 'busy' | 'offline' }; reply: AgentStatus };

  /** Admins and services only. */
  broadcast: { request: BroadcastRequest; reply: { address: string; event: string } | { users: number; event: string } };

  'presence:heartbeat': { request: Record<string, never>; reply: UserStatus };
  /** The only reply that is an array. */
  'presence:get-online-users': { request: Record<string, never>; reply: OnlineUser[] };
  /** Admins only. */
  'admin:get-stats': { request: Record<string, never>; reply: RoomStats };

  'notifications:get-unread-count': { request: Record<string, never>; reply: { count: number } };
  'notifications:list': { request: { unreadOnly?: boolean | null; limit?: number }; reply: { notifications: Notification[] } };
  'notifications:mark-as-read': {
    request: { notificationIds: string[] };
    reply: { notificationIds: string[]; count: number };
  };
  'notifications:mark-all-as-read': { request: Record<string, never>; reply: { count: number } };

  'conversations:list': { request: { limit?: number }; reply: { conversations: Conversation[]; timestamp: EpochMillis } };
  'conversations:mark-read': {
    request: ({ roomId: IdInput } | { ticketId: IdInput }) & { seq?: number };
    reply: ({ roomId: Id } | { ticketId: Id }) & { seq: number; moved: boolean; unread_count: number };
  };
}

export type RequestAddress = keyof Requests;
export type RequestOf<A extends RequestAddress> = Requests[A]['request'];
export type ReplyOf<A extends RequestAddress> = Requests[A]['reply'];

export type BroadcastRequest = {
  /** The name receivers see in `headers.event`: `[A-Za-z0-9_:.-]{1,64}`. */
  event: string;
  /** The event's body; absent or null sends `{}`. */
  data?: Record<string, unknown> | null;
  excludeUserId?: IdInput;
} & (
  | { kind: 'room' | 'ticket' | 'user' | 'department'; id: IdInput }
  | { kind: 'users'; ids: IdInput[] }
  | { kind: 'all' }
);

// ------------------------------------------------------------------ events, by the address registered

/** `internal-chat:{roomId}`. Broadcasts to the room add events of the names their senders chose. */
export interface RoomEvents {
  'internal-chat:message': ChatMessage;
  'internal-chat:typing': ChatTyping;
  messages_read: MessagesRead;
}

/** `internal-chat:presence`: statuses set by users, and online/offline from presence. */
export interface ChatPresenceEvents {
  'internal-chat:user-status': UserStatus;
}

/** `support-chat:{ticketId}`. Broadcasts to the ticket add events of the names their senders chose. */
export interface TicketEvents {
  user_joined: MemberOfTicket;
  user_left: MemberOfTicket;
  'support-chat:message': TicketMessage;
  'support-chat:typing': TicketTyping;
  'support-chat:ticket-update': TicketUpdated;
  messages_read: MessagesRead;
  external_send_result: ExternalSendResult;
}

/** `support-chat:agents`: staff only, news of the tickets each may see. */
export interface AgentsEvents {
  'support-chat:ticket-created': Ticket;
  'support-chat:ticket-update': TicketUpdated;
  'support-chat:agent-status': AgentStatus;
  new_customer_message: NewCustomerMessage;
}

/** `user:{userId}`, the user's own address: register it on every device. */
export interface UserEvents {
  'support-chat:ticket-update': TicketUpdated;
  'notification:new': Notification;
  'unread-count': { count: number };
  'marked-as-read': { notificationIds: string[] };
  'marked-all-as-read': Record<string, never>;
  conversation_updated: ConversationMessaged | ConversationMarked;
  new_customer_message: NewCustomerMessage;
}

/** `presence:online-users`: the whole list after each change. */
export interface OnlineUsersEvents {
  onlineUsersUpdate: { onlineUsers: OnlineUser[] };
}

/** `admin:stats`: admins only, every presence heartbeat. */
export interface AdminStatsEvents {
  roomStatsUpdate: RoomStats;
}

/** Every event the gateway itself sends, whatever the address. */
export type GatewayEvents = RoomEvents & ChatPresenceEvents & TicketEvents & AgentsEvents & UserEvents
  & OnlineUsersEvents & AdminStatsEvents;

/**
 * The events of an address one registers. An address typed only as `string` (built at run time)
 * may carry any of the gateway's events; `broadcast:all` and `dept:{id}` carry broadcasts only.
 */
export type EventsOf<A extends string> =
  string extends A ? GatewayEvents
  : A extends 'internal-chat:presence' ? ChatPresenceEvents
    : A extends `internal-chat:${string}` ? RoomEvents
      : A extends 'support-chat:agents' ? AgentsEvents
        : A extends `support-chat:${string}` ? TicketEvents
          : A extends `user:${string}` ? UserEvents
            : A extends 'presence:online-users' ? OnlineUsersEvents
              : A extends 'admin:stats' ? AdminStatsEvents
                : Record<string, Record<string, unknown>>;

/**
 * A message delivered to a registered handler: `headers.event` names the event, and `body` is its
 * payload. TypeScript does not narrow a union by a nested field such as `headers.event`, so test
 * the name with an {@link IsEvent} function to have `body` typed.
 */
export type EventMessage<E> = {
  [K in keyof E & string]: { type: 'rec'; address: string; headers: { event: K }; body: E[K] };
}[keyof E & string];

/**
 * The type of a one-line test that narrows a handler's message to one event, for instance
 * `const isEvent: IsEvent = (message, name) => message.headers.event === name;`, then
 * `if (isEvent(msg, 'internal-chat:message')) msg.body.seq`.
 */
export type IsEvent = <M extends { headers: { event: string } }, K extends M['headers']['event']>(message: M, name: K)
  => message is Extract<M, { headers: { event: K } }>;

/** A reply as the stock client hands it to a request's callback. */
export interface ReplyMessage<B> {
  type: 'rec';
  address: string;
  body: B;
}
