package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import dev.switchboard.config.GatewayConfig.ClusterSettings;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Hazelcast membership by TCP-IP to a fixed member list (multicast and auto-detection off), bound
 * to the configured interface, plus the structures Vert.x's cluster manager expects.
 */
public final class ClusterSetup {
  /** Ports tried on a member given without one, so nodes with other Hazelcast ports find each other. */
  static final int FIRST_PORT = 5701;
  static final int DEFAULT_PORT_COUNT = 20;

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
      .flatMap(member -> expand(member).stream()).toList());

    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
      .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.getMapConfig("__vertx.haInfo").setBackupCount(1);
    config.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
    return new HazelcastClusterManager(config);
  }

  /**
   * {@code host} becomes host:5701..5720 and {@code host:a-b} each port from a to b: Hazelcast
   * cannot read port ranges once an interface is pinned.
   */
  static List<String> expand(String member) {
    int colon = member.lastIndexOf(':');
    if (colon < 0) {
      return IntStream.range(FIRST_PORT, FIRST_PORT + DEFAULT_PORT_COUNT).mapToObj(p -> member + ":" + p).toList();
    }
    String host = member.substring(0, colon);
    String[] range = member.substring(colon + 1).split("-");
    try {
      int first = Integer.parseInt(range[0].trim());
      int last = range.length > 1 ? Integer.parseInt(range[1].trim()) : first;
      return IntStream.rangeClosed(first, last).mapToObj(p -> host + ":" + p).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cluster member '" + member + "' is not host, host:port or host:first-last");
    }
  }

  /** This node's event-bus endpoint for the other nodes. */
  public static VertxOptions vertxOptions(ClusterSettings settings) {
    return new VertxOptions().setEventBusOptions(new EventBusOptions()
      .setHost(settings.host()).setPort(settings.eventBusPort()));
  }
}
