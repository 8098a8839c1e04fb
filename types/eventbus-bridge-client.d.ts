// The stock @vertx/eventbus-bridge-client.js (1.0.0), typed over Switchboard's protocol
// (types/switchboard.d.ts). The package ships no types of its own: with this file in a project's
// compilation, `import EventBus from '@vertx/eventbus-bridge-client.js'` (or `require`) is typed,
// requests by their address and handlers by the address they register.

declare module '@vertx/eventbus-bridge-client.js' {
  type BridgeError = import('./switchboard').BridgeError;
  type RequestAddress = import('./switchboard').RequestAddress;
  type RequestOf<A extends RequestAddress> = import('./switchboard').RequestOf<A>;
  type ReplyOf<A extends RequestAddress> = import('./switchboard').ReplyOf<A>;
  type ReplyMessage<B> = import('./switchboard').ReplyMessage<B>;
  type EventMessage<E> = import('./switchboard').EventMessage<E>;
  type EventsOf<A extends string> = import('./switchboard').EventsOf<A>;

  /**
   * A callback gets either an error or a message: checking `err` first narrows `message`
   * (`if (err) { ...; return; } message.body`).
   */
  type Outcome<M> = [err: BridgeError, message: undefined] | [err: null, message: M];

  interface EventBusOptions {
    /** SockJS's transports, in order of preference, e.g. `['websocket']` or `['xhr-streaming']`. */
    transports?: string[];
    /** How often the client pings, in ms (default 5000); the gateway closes a session silent for SWITCHBOARD_PING_TIMEOUT_MS. */
    vertxbus_ping_interval?: number;
    vertxbus_reconnect_attempts_max?: number;
    vertxbus_reconnect_delay_min?: number;
    vertxbus_reconnect_delay_max?: number;
    vertxbus_reconnect_exponent?: number;
    vertxbus_randomization_factor?: number;
  }

  /** On a register: the last `seq` the client has of the room or ticket, to get what it missed first. */
  interface RegisterHeaders {
    lastSeq?: number | string;
  }

  class EventBus {
    static readonly CONNECTING: 0;
    static readonly OPEN: 1;
    static readonly CLOSING: 2;
    static readonly CLOSED: 3;

    /** `url` is the SockJS endpoint with the token: `http://host:8080/eventbus?token=...`. */
    constructor(url: string, options?: EventBusOptions);

    readonly state: 0 | 1 | 2 | 3;
    onopen: (() => void) | null;
    /** The close code and reason of docs/protocol.md, section 1 ("Close codes"), on the WebSocket transport. */
    onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
    onreconnect: (() => void) | null;
    /** Errors that no callback or handler took, such as a frame the gateway could not parse. */
    onerror: (error: BridgeError) => void;
    defaultHeaders: Record<string, unknown> | null;

    send<A extends RequestAddress>(address: A, body: RequestOf<A>,
      callback?: (...outcome: Outcome<ReplyMessage<ReplyOf<A>>>) => void): void;
    send<A extends RequestAddress>(address: A, body: RequestOf<A>, headers: Record<string, unknown>,
      callback?: (...outcome: Outcome<ReplyMessage<ReplyOf<A>>>) => void): void;
    /** Handled exactly like `send` by the gateway, without a reply. */
    publish<A extends RequestAddress>(address: A, body: RequestOf<A>, headers?: Record<string, unknown>): void;

    /** Events of `address` arrive here; a refused register arrives as `err`. */
    registerHandler<A extends string>(address: A,
      callback: (...outcome: Outcome<EventMessage<EventsOf<A>>>) => void): void;
    registerHandler<A extends string>(address: A, headers: RegisterHeaders,
      callback: (...outcome: Outcome<EventMessage<EventsOf<A>>>) => void): void;
    unregisterHandler<A extends string>(address: A,
      callback: (...outcome: Outcome<EventMessage<EventsOf<A>>>) => void): void;

    enablePing(enable: boolean): void;
    /** Reconnect after a close, as after a node's drain (1012); handlers are registered again in `onreconnect`. */
    enableReconnect(enable: boolean): void;
    close(): void;
  }

  export = EventBus;
}
