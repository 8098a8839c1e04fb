package dev.switchboard.socketio;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.switchboard.socketio.Profile.Inbound.join;

/** The profiles a Socket.IO endpoint may speak, by the name configuration gives them. */
public final class Profiles {

  /**
   * Seed 000 as written: the gateway's own event names; a join subscribes the socket and is answered
   * with {@code internal-chat:joined} or {@code support-chat:joined}; room messages carry
   * {@code isOwnMessage: false}; numeric ids.
   */
  public static final Profile CHAT = new Profile("chat",
    Map.of(
      Addresses.CHAT_JOIN, join(Addresses.CHAT_JOIN, Addresses.CHAT_FAMILY, "roomId", "internal-chat:joined"),
      Addresses.SUPPORT_JOIN, join(Addresses.SUPPORT_JOIN, Addresses.SUPPORT_FAMILY, "ticketId", "support-chat:joined")),
    Map.of(Addresses.CHAT_MESSAGE, new Profile.Outbound(Addresses.CHAT_MESSAGE, Map.of("isOwnMessage", false))),
    true, true, Profiles::chatChannels);

  private static final Map<String, Profile> BY_NAME = Map.of(CHAT.name(), CHAT);

  private Profiles() {
  }

  /** The profile of that name; {@link IllegalArgumentException} naming the known ones otherwise. */
  public static Profile named(String name) {
    Profile profile = BY_NAME.get(name);
    if (profile == null) {
      throw new IllegalArgumentException("unknown Socket.IO profile '" + name + "'; known: " + BY_NAME.keySet());
    }
    return profile;
  }

  /** Its own user address, everyone's broadcasts and statuses, and for staff the agents' channel. */
  private static List<String> chatChannels(Principal principal) {
    List<String> channels = new ArrayList<>(List.of(Addresses.user(principal.id()), Addresses.BROADCAST_ALL,
      Addresses.CHAT_PRESENCE));
    if (principal.role().staff()) {
      channels.add(Addresses.SUPPORT_AGENTS);
    }
    if (principal.role() == Role.ADMIN) {
      channels.add(Addresses.ADMIN_STATS);
    }
    return channels;
  }
}
