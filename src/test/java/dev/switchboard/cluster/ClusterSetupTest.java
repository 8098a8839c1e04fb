package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.switchboard.config.GatewayConfig.ClusterSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("Cluster member lists")
class ClusterSetupTest {

  @Test
  @DisplayName("a member without a port is tried on 5701 to 5720")
  void hostOnly() {
    List<String> members = ClusterSetup.expand("127.0.0.1");
    assertEquals(20, members.size());
    assertEquals("127.0.0.1:5701", members.get(0));
    assertEquals("127.0.0.1:5720", members.get(19));
  }

  @Test
  @DisplayName("a port and a port range are taken as given")
  void portsAndRanges() {
    assertEquals(List.of("10.0.0.1:6000"), ClusterSetup.expand("10.0.0.1:6000"));
    assertEquals(List.of("h:7001", "h:7002", "h:7003"), ClusterSetup.expand("h:7001-7003"));
  }

  @Test
  @DisplayName("a malformed member fails start-up with its text")
  void malformed() {
    assertEquals("cluster member 'h:x' is not host, host:port or host:first-last",
      assertThrows(IllegalArgumentException.class, () -> ClusterSetup.expand("h:x")).getMessage());
  }

  private static ClusterSettings settings(String configFile, String serviceDns) {
    return new ClusterSettings("test", "127.0.0.1", 5801, List.of("127.0.0.1:5801-5802"), 0, configFile, serviceDns);
  }

  @Test
  @DisplayName("conf/cluster.xml joins by TCP-IP on loopback with multicast off, and the settings apply on top, Hazelcast's own metrics off")
  void localXml() {
    Config config = ClusterSetup.config(settings("conf/cluster.xml", ""));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getKubernetesConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), join.getTcpIpConfig().getMembers());
    assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertEquals("test", config.getClusterName());
    assertEquals("0", config.getProperty("hazelcast.wait.seconds.before.join"));
    assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"), "the drain owns shutdown");
    assertTrue(config.getNetworkConfig().isPortAutoIncrement(), "a second local node takes the next port");
    assertFalse(config.getMetricsConfig().isEnabled(), "its collector lists every open socket every 5 s");
  }

  @Test
  @DisplayName("the Kubernetes variant uses DNS discovery of the configured headless Service, not TCP-IP, on a fixed port")
  void kubernetesXml() {
    Config config = ClusterSetup.config(settings("k8s/base/conf/cluster-kubernetes.xml", "gw-hz.prod.svc.cluster.local"));
    assertFalse(config.getNetworkConfig().isPortAutoIncrement(), "it must not drift onto the event-bus port");
    assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("gw-hz.prod.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertTrue(config.getMultiMapConfigs().containsKey("__vertx.subs"));
    assertFalse(config.getMetricsConfig().isEnabled());
  }

  @Test
  @DisplayName("a missing cluster configuration file fails start-up with its path")
  void missingXml() {
    assertEquals("cluster configuration conf/nope.xml does not exist",
      assertThrows(IllegalArgumentException.class, () -> ClusterSetup.config(settings("conf/nope.xml", ""))).getMessage());
  }
}
