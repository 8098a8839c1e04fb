package dev.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import dev.switchboard.store.RoomOwners;

/**
 * A room is owned by the node that owns its id's Hazelcast partition: every node computes the same
 * owner from the partition table it already has, with no request, and the partitions spread rooms
 * over the nodes evenly.
 */
public final class HazelcastRoomOwners implements RoomOwners {
  private final HazelcastInstance hazelcast;
  private final PartitionService partitions;
  private final String localNode;

  public HazelcastRoomOwners(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.partitions = hazelcast.getPartitionService();
    this.localNode = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  @Override
  public String ownerOf(String roomId) {
    // no owner yet while the cluster starts up: this node numbers it
    Member owner = partitions.getPartition(roomId).getOwner();
    return owner == null ? localNode : owner.getUuid().toString();
  }

  @Override
  public String localNode() {
    return localNode;
  }

  @Override
  public void onMove(Runnable moved) {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        moved.run();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        moved.run();
      }
    });
    partitions.addMigrationListener(new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {
        // the partitions move over the whole migration: its end is when the owners are known
      }

      @Override
      public void migrationFinished(MigrationState state) {
        moved.run();
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        // one partition at a time is too fine: the end of the migration forgets all at once
      }

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        moved.run();
      }
    });
  }
}
