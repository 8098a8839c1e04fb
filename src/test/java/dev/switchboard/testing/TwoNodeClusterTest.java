package dev.switchboard.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose tests share one real two-node cluster: node {@link #A} and node {@link #B}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TwoNodeClusterTest {
  protected static final int A = 0;
  protected static final int B = 1;

  protected TestCluster cluster;

  @BeforeAll
  protected void startCluster() {
    cluster = TestCluster.start(2);
  }

  @AfterAll
  protected void stopCluster() {
    cluster.close();
  }
}
