package dev.switchboard.bridge;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.core.CloseReason;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.transport.BridgeSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A bridge session whose client stops reading")
class BridgeSessionTest {

  @Test
  @DisplayName("a slow consumer's session is closed, and counted, once, and written nothing more")
  void slowConsumerClosedOnce() {
    var socket = new RecordingSocket();
    var metrics = new GatewayMetrics();
    var token = new VerifiedToken(new Principal("u1", "Sara", Role.CUSTOMER, List.of()), Long.MAX_VALUE, null);
    var session = new BridgeSession("s1", token, socket, null, metrics, 0);

    session.write("first");
    socket.full = true;
    session.write("second");
    session.write("third");
    session.close(CloseReason.KICKED);

    assertEquals(List.of("first", "close 4008"), socket.events);
    assertEquals(1.0, metrics.registry().get("switchboard.sessions.closed").tag("reason", "slow_consumer").counter().count());
    assertTrue(metrics.registry().find("switchboard.sessions.closed").tag("reason", "kicked").counters().isEmpty());
  }

  private static final class RecordingSocket implements BridgeSocket {
    final List<String> events = new ArrayList<>();
    boolean full;

    @Override
    public void write(String frame) {
      events.add(frame);
    }

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public void close(int code, String reason) {
      events.add("close " + code);
    }
  }
}
