package dev.switchboard.bench;

import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few seconds of the bench against one real node, through the classes the CLI uses: it must
 * complete and count every message. Full runs are manual (bench/run.sh).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The bench, briefly, against one gateway node")
class BenchSmokeTest {
  private static final int CONNECTIONS = 20;
  private static final int ROOMS = 2;

  private TestCluster cluster;

  @BeforeAll
  void startNode() {
    cluster = TestCluster.start(1);
  }

  @AfterAll
  void stopNode() {
    cluster.close();
  }

  /** The measured step of a short run, as the JSON report has it; fails unless the run completed. */
  private JsonObject run(String scenario, String protocol) throws Exception {
    Outcome outcome = execute(scenario, protocol);
    assertTrue(outcome.ok(), outcome.summary() + " " + outcome.details().getValue("errorSamples"));
    return outcome.details().getJsonArray("steps").getJsonObject(0);
  }

  private Outcome execute(String scenario, String protocol, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of(scenario, "--protocol", protocol,
      "--port", Integer.toString(cluster.port(0)), "--connections", Integer.toString(CONNECTIONS),
      "--rooms", Integer.toString(ROOMS), "--rate", "20", "--duration", "2", "--warmup", "0", "--drain", "5"));
    args.addAll(List.of(more));
    return Bench.execute(BenchOptions.parse(args), cluster.config().jwt());
  }

  @Test
  @DisplayName("--deflate fails, and says why, against a node that does not offer per-message deflate")
  void deflateRefused() throws Exception {
    var refused = assertThrows(IllegalStateException.class, () -> execute("fanout", "bridge-ws", "--deflate"));
    assertTrue(refused.getMessage().contains("the server did not accept per-message deflate"), refused.getMessage());
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"bridge-ws", "bridge-sockjs"})
  @DisplayName("fanout delivers every broadcast to every member of its room, without errors")
  void fanout(String protocol) throws Exception {
    JsonObject step = run("fanout", protocol);
    assertEquals(40, step.getLong("sent"), "20 messages a second for 2 seconds");
    assertEquals(step.getLong("sent") * (CONNECTIONS / ROOMS), step.getLong("delivered"));
    assertEquals(0, step.getLong("errors"));
  }

  @Test
  @DisplayName("persist stores every message, acknowledges it to its sender and delivers it to every member")
  void persist() throws Exception {
    JsonObject step = run("persist", "bridge-ws");
    assertEquals(40, step.getLong("sent"));
    assertEquals(step.getLong("sent"), step.getLong("acked"));
    assertEquals(step.getLong("sent") * (CONNECTIONS / ROOMS), step.getLong("delivered"));
    assertEquals(0, step.getLong("errors"));
  }
}
