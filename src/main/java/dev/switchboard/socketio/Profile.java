package dev.switchboard.socketio;

import dev.switchboard.auth.Principal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A client's vocabulary, as data: which of its events are which gateway commands, what the
 * gateway's events are called for it, and which channels its sockets hear from the connect on.
 * The protocol stack is the same for every profile; domains never see one.
 *
 * @param name       the name configuration uses ({@code chat})
 * @param inbound    the client events that are not plain commands of the same name
 * @param outbound   gateway events renamed or extended for this client
 * @param passThrough whether other client events that are gateway commands, and other gateway
 *                   events, keep their names
 * @param numericIds whether ids made only of digits reach the client as JSON numbers
 * @param channels   the addresses a socket hears without asking, given its user
 */
public record Profile(String name, Map<String, Inbound> inbound, Map<String, Outbound> outbound, boolean passThrough,
                      boolean numericIds, Function<Principal, List<String>> channels) {

  /**
   * A client event: the gateway command it is, and for a join the room it subscribes to first
   * ({@code family} and the payload field that holds the id) and the event that answers it.
   */
  public record Inbound(String command, String joinFamily, String idField, String repliedAs) {
    public static Inbound command(String command) {
      return new Inbound(command, null, null, null);
    }

    public static Inbound join(String command, String family, String idField, String repliedAs) {
      return new Inbound(command, family, idField, repliedAs);
    }

    public boolean joins() {
      return joinFamily != null;
    }
  }

  /** A gateway event as the client knows it: its name, and constant fields added to its payload. */
  public record Outbound(String event, Map<String, Object> constants) {
  }

  /** The command behind a client event, if it is one. */
  public Optional<Inbound> command(String event, java.util.Set<String> gatewayCommands) {
    Inbound declared = inbound.get(event);
    if (declared != null) {
      return Optional.of(declared);
    }
    return passThrough && gatewayCommands.contains(event) ? Optional.of(Inbound.command(event)) : Optional.empty();
  }

  /** The client's form of a gateway event, if this client hears it. */
  public Optional<Outbound> event(String gatewayEvent) {
    Outbound declared = outbound.get(gatewayEvent);
    if (declared != null) {
      return Optional.of(declared);
    }
    return passThrough ? Optional.of(new Outbound(gatewayEvent, Map.of())) : Optional.empty();
  }
}
