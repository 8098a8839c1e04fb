package dev.switchboard.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
