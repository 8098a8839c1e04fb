package dev.switchboard.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Logging, as configured by logback.xml")
class LoggingTest {
  private static final String SECRET = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3In0.c2lnbmF0dXJl";

  @AfterEach
  void clear() {
    System.clearProperty(LogFormat.PROPERTY);
  }

  /** Configures a fresh logback context from the real logback.xml and logs one line through it. */
  private static String logLine(String format, String message) throws Exception {
    System.setProperty(LogFormat.PROPERTY, format);
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LoggingTest.class.getResource("/logback.xml"));
    // the console appender writes through to whatever System.out is at the time of the write
    PrintStream console = System.out;
    var out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      context.getLogger("test").info(message);
    } finally {
      System.setOut(console);
      context.stop();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("JSON lines mask tokens in URIs and Bearer headers")
  void jsonMasksTokens() throws Exception {
    String line = logLine("json", "GET /eventbus/info?token=" + SECRET + "&t=1 with Authorization: Bearer " + SECRET);
    JsonObject json = new JsonObject(line.trim());
    assertEquals("INFO", json.getString("level"));
    assertEquals("GET /eventbus/info?token=***&t=1 with Authorization: Bearer ***", json.getString("message"));
    assertFalse(line.contains(SECRET));
  }

  @Test
  @DisplayName("text lines mask them too")
  void textMasksTokens() throws Exception {
    String line = logLine("text", "upgrade /eventbus/websocket?token=" + SECRET);
    assertTrue(line.contains("upgrade /eventbus/websocket?token=***"), line);
    assertFalse(line.contains(SECRET));
  }

  @Test
  @DisplayName("without a choice, a process without a terminal logs JSON")
  void defaultsToJsonWithoutTerminal() {
    assertEquals(System.console() == null ? "json" : "text", new LogFormat().getPropertyValue());
  }
}
