package dev.switchboard;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("The token command's --ttl")
class MainTest {

  @Test
  @DisplayName("reads seconds, minutes, hours and days, one hour by default")
  void units() {
    assertEquals(Duration.ofHours(1), Main.ttl(null));
    assertEquals(Duration.ofSeconds(90), Main.ttl("90"));
    assertEquals(Duration.ofSeconds(90), Main.ttl("90s"));
    assertEquals(Duration.ofMinutes(15), Main.ttl("15m"));
    assertEquals(Duration.ofHours(2), Main.ttl("2h"));
    assertEquals(Duration.ofDays(7), Main.ttl("7d"));
  }

  @Test
  @DisplayName("is at most a year")
  void atMostAYear() {
    assertEquals(Duration.ofDays(365), Main.ttl("365d"));
    assertEquals("--ttl must be at most 365d", assertThrows(IllegalArgumentException.class, () -> Main.ttl("366d")).getMessage());
  }

  @Test
  @DisplayName("refuses anything else with a message, not a stack trace")
  void refusals() {
    for (String bad : new String[]{"", "abc", "1w", "-5m", "0", "1.5h", "999999999d"}) {
      assertEquals("--ttl must be a positive number of seconds, or end in s, m, h or d (e.g. 1h)",
        assertThrows(IllegalArgumentException.class, () -> Main.ttl(bad)).getMessage(), bad);
    }
  }
}
