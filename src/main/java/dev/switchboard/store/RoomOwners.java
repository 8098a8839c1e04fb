package dev.switchboard.store;

/**
 * Which node's store numbers a room's messages and applies its changes. One node at a time, so that
 * node can keep the room's members and last number in memory and store a message with one insert.
 * Owners move when nodes join or leave; while they move, two nodes may number one room, and the
 * store's unique index on the room and number keeps them apart.
 */
public interface RoomOwners {

  /** The id of the node that owns the room; {@link #localNode()} when it is this one. */
  String ownerOf(String roomId);

  /** This node's id. */
  String localNode();

  /** Runs {@code moved} (on any thread) whenever owners may have moved: a node joined or left. */
  void onMove(Runnable moved);
}
