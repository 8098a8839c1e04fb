package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import dev.switchboard.config.GatewayConfig.ClusterSettings;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast membership by TCP-IP to a fixed member list (multicast and auto-detection off), bound
 * to the configured interface, plus the structures Vert.x's cluster manager expects.
 */
public final class ClusterSetup {
  /** Ports tried on a member given without one, so nodes with other Hazelcast ports find each other. */
  static final String DEFAULT_PORTS = "5701-5720";

  private ClusterSetup() {
  }

  public static HazelcastClusterManager clusterManager(ClusterSettings settings) {
    Config config = new Config().setClusterName(settings.name());
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");

    NetworkConfig network = config.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(settings.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members().stream()
      .map(member -> member.contains(":") ? member : member + ":" + DEFAULT_PORTS).toList());

    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
      .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.getMapConfig("__vertx.haInfo").setBackupCount(1);
    config.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
    return new HazelcastClusterManager(config);
  }

  /** This node's event-bus endpoint for the other nodes. */
  public static VertxOptions vertxOptions(ClusterSettings settings) {
    return new VertxOptions().setEventBusOptions(new EventBusOptions()
      .setHost(settings.host()).setPort(settings.eventBusPort()));
  }
}
