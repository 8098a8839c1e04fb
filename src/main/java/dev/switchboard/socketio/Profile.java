package dev.switchboard.socketio;

import dev.switchboard.auth.Principal;
import dev.switchboard.bus.Addresses;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A client's vocabulary, declared: which of its events are which gateway commands and how their
 * payloads map, what the gateway's events are called for it and how they look, and which
 * channels its sockets hear from the connect on. The protocol stack is the same for every profile,
 * and domains never see one; a new vocabulary is a new declaration ({@link Profiles}).
 */
public final class Profile {
  private final String name;
  private final Map<String, Inbound> inbound;
  private final Map<String, Outbound> outbound;
  private final boolean passThrough;
  private final boolean numericIds;
  private final Function<Principal, List<String>> channels;
  private final Function<Principal, JsonObject> connected;

  private Profile(Builder builder) {
    this.name = builder.name;
    this.inbound = Map.copyOf(builder.inbound);
    this.outbound = Map.copyOf(builder.outbound);
    this.passThrough = builder.passThrough;
    this.numericIds = builder.numericIds;
    this.channels = builder.channels;
    this.connected = builder.connected;
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  /**
   * A client event: the gateway command it is and its body made from the event's payload; for a
   * join, the room it subscribes to first; the room the socket must have joined for it (or null);
   * and the event (if any) that answers it, with the reply reshaped for the client.
   */
  public record Inbound(String command, UnaryOperator<JsonObject> request, Join join, Join member, String repliedAs,
                        Function<Object, Object> reply) {

    public boolean joins() {
      return join != null;
    }

    Inbound onlyFor(Join room) {
      return new Inbound(command, request, join, room, repliedAs, reply);
    }
  }

  /** The room a join subscribes to: its address family, and the payload field (as the client sends it) that holds its id. */
  public record Join(String family, String idField) {
  }

  /**
   * A gateway event as the client knows it: whether this client hears it at all, its name (which
   * may depend on the payload), and its payload.
   */
  public record Outbound(Predicate<JsonObject> heard, Function<JsonObject, String> event, Function<JsonObject, Object> payload) {
  }

  /** A payload as the gateway has it: the profile changes nothing (and the encoder need not re-encode it). */
  public static final Function<JsonObject, Object> SAME = payload -> payload;

  public String name() {
    return name;
  }

  public boolean numericIds() {
    return numericIds;
  }

  /** The addresses a socket hears without asking, given its user. */
  public List<String> channels(Principal principal) {
    return channels.apply(principal);
  }

  /** The payload of the event told once a socket is connected ({@code connected}), or null for none. */
  public JsonObject connected(Principal principal) {
    return connected == null ? null : connected.apply(principal);
  }

  /** The command behind a client event, if it is one. */
  public Optional<Inbound> command(String event, Set<String> gatewayCommands) {
    Inbound declared = inbound.get(event);
    if (declared != null) {
      return Optional.of(declared);
    }
    return passThrough && gatewayCommands.contains(event)
      ? Optional.of(new Inbound(event, UnaryOperator.identity(), null, null, null, Function.identity())) : Optional.empty();
  }

  /**
   * The client's form of a gateway event, if this client hears it. A broadcast's event, named by its
   * sender for the clients, reaches every profile's clients as it is.
   */
  public Optional<Outbound> event(String gatewayEvent) {
    Outbound declared = outbound.get(gatewayEvent);
    if (declared != null) {
      return Optional.of(declared);
    }
    return passThrough || !Addresses.EVENTS.contains(gatewayEvent)
      ? Optional.of(new Outbound(payload -> true, payload -> gatewayEvent, SAME)) : Optional.empty();
  }

  /** Declares a profile, event by event. */
  public static final class Builder {
    private final String name;
    private final Map<String, Inbound> inbound = new HashMap<>();
    private final Map<String, Outbound> outbound = new HashMap<>();
    private boolean passThrough;
    private boolean numericIds;
    private Function<Principal, List<String>> channels = principal -> List.of();
    private Function<Principal, JsonObject> connected;

    private Builder(String name) {
      this.name = name;
    }

    /** Client events named as gateway commands are those commands, and gateway events keep their names. */
    public Builder passThrough() {
      this.passThrough = true;
      return this;
    }

    /** Ids made only of digits reach the client as JSON numbers. */
    public Builder numericIds() {
      this.numericIds = true;
      return this;
    }

    public Builder channels(Function<Principal, List<String>> channels) {
      this.channels = channels;
      return this;
    }

    /** An event told to each socket once it is connected, with this payload. */
    public Builder connected(Function<Principal, JsonObject> payload) {
      this.connected = payload;
      return this;
    }

    /** {@code event} is {@code command}, its body made by {@code request}. */
    public Builder on(String event, String command, UnaryOperator<JsonObject> request) {
      return on(event, new Inbound(command, request, null, null, null, Function.identity()));
    }

    /** {@code event} is {@code command}, and it is answered with {@code repliedAs}, the reply shaped by {@code reply}. */
    public Builder on(String event, String command, UnaryOperator<JsonObject> request, String repliedAs,
                      Function<Object, Object> reply) {
      return on(event, new Inbound(command, request, null, null, repliedAs, reply));
    }

    /**
     * {@code event} subscribes the socket to {@code family:{payload[idField]}} and then is
     * {@code command}; it is answered with {@code repliedAs} (or only through the ack, if null).
     */
    public Builder join(String event, Join join, String command, UnaryOperator<JsonObject> request, String repliedAs,
                        Function<Object, Object> reply) {
      return on(event, new Inbound(command, request, join, null, repliedAs, reply));
    }

    /** The event declared last is refused unless the socket has joined {@code room} (the one its payload names). */
    public Builder onlyInJoinedRoom(String event, Join room) {
      return on(event, inbound.get(event).onlyFor(room));
    }

    private Builder on(String event, Inbound declared) {
      inbound.put(event, declared);
      return this;
    }

    /** The gateway's {@code gatewayEvent} reaches the client as {@code event}, shaped by {@code payload}. */
    public Builder emit(String gatewayEvent, String event, Function<JsonObject, Object> payload) {
      return emit(gatewayEvent, p -> true, p -> event, payload);
    }

    /** Like {@link #emit(String, String, Function)}, only when {@code heard} holds, and named by the payload. */
    public Builder emit(String gatewayEvent, Predicate<JsonObject> heard, Function<JsonObject, String> event,
                        Function<JsonObject, Object> payload) {
      outbound.put(gatewayEvent, new Outbound(heard, event, payload));
      return this;
    }

    public Profile build() {
      return new Profile(this);
    }
  }
}
