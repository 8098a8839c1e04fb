package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import dev.switchboard.config.GatewayConfig.ClusterSettings;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.FileNotFoundException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Hazelcast membership: from a Hazelcast XML when one is configured (e.g. Kubernetes DNS discovery),
 * else TCP-IP to a fixed member list; multicast and auto-detection off, bound to the configured
 * interface, plus the structures Vert.x's cluster manager expects.
 */
public final class ClusterSetup {
  /** Ports tried on a member given without one, so nodes with other Hazelcast ports find each other. */
  static final int FIRST_PORT = 5701;
  static final int DEFAULT_PORT_COUNT = 20;

  private ClusterSetup() {
  }

  public static HazelcastClusterManager clusterManager(ClusterSettings settings) {
    return new HazelcastClusterManager(config(settings));
  }

  /** The Hazelcast configuration for these settings. */
  static Config config(ClusterSettings settings) {
    Config config = base(settings.configFile());
    config.setClusterName(settings.name());
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // SIGTERM starts the gateway's drain, which leaves the cluster last; Hazelcast's own hook
    // would terminate the member at once, in parallel with it
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Hazelcast's own metrics count the process's open files by listing /proc/self/fd every 5 s: at
    // 10,000 sockets that took 3.7 % of the node's core and stalled the event loop it shares (the
    // gateway's figures are Micrometer's, at /metrics)
    config.getMetricsConfig().setEnabled(false);

    NetworkConfig network = config.getNetworkConfig().setPort(settings.port());
    if (settings.configFile().isBlank()) {
      network.setPortAutoIncrement(true);
    }
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(settings.host()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (join.getKubernetesConfig().isEnabled()) {
      if (!settings.serviceDns().isBlank()) {
        join.getKubernetesConfig().setProperty("service-dns", settings.serviceDns());
      }
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members().stream()
        .flatMap(member -> expand(member).stream()).toList());
    }

    if (!config.getMultiMapConfigs().containsKey("__vertx.subs")) {
      config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    }
    config.getMapConfig("__vertx.haInfo").setBackupCount(1);
    config.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
    return config;
  }

  /** The Hazelcast XML to start from, or an empty configuration; the settings are applied on top. */
  static Config base(String configFile) {
    if (configFile.isBlank()) {
      return new Config();
    }
    try {
      return new FileSystemXmlConfig(configFile);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("cluster configuration " + configFile + " does not exist");
    }
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
