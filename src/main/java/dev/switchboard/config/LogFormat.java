package dev.switchboard.config;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Picks the log encoder for {@code logback.xml}: {@value ConfigKeys#LOG_FORMAT} from the environment
 * (or the {@code switchboard.log.format} system property) if it says {@code json} or {@code text};
 * otherwise text on a terminal and JSON everywhere else (containers, files, pipes). It is read before
 * the configuration is, because logging starts first.
 */
public final class LogFormat extends PropertyDefinerBase {
  static final String PROPERTY = "switchboard.log.format";

  @Override
  public String getPropertyValue() {
    String chosen = System.getProperty(PROPERTY, System.getenv(ConfigKeys.LOG_FORMAT));
    if ("json".equals(chosen) || "text".equals(chosen)) {
      return chosen;
    }
    return System.console() != null ? "text" : "json";
  }
}
