package dev.switchboard.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code count} of a command per {@code period} per user, the budget refilling evenly: a
 * user may spend it in a burst, then gets one more every {@code period / count}.
 */
public record RateLimit(int count, Duration period) {
  /** Seed 003's limits: messages 30 a minute, status updates 10 a minute; typing has none. */
  public static final String DEFAULTS = "internal-chat:message=30/1m,support-chat:message=30/1m,"
    + "internal-chat:set-status=10/1m,presence:heartbeat=10/1m,support-chat:agent-status=10/1m";
  private static final Pattern ENTRY = Pattern.compile("\\s*([\\w:.-]+)=([1-9][0-9]{0,6})/([1-9][0-9]{0,5})(s|m|h)\\s*");

  /** The time one use of the budget takes to come back, in milliseconds. */
  public long intervalMs() {
    return period.toMillis() / count;
  }

  /** {@code COMMAND=COUNT/PERIOD,...} with the period in s, m or h, e.g. {@code internal-chat:message=30/1m}. */
  static Map<String, RateLimit> parse(String key, List<String> entries) {
    Map<String, RateLimit> limits = new HashMap<>();
    for (String entry : entries) {
      Matcher matcher = ENTRY.matcher(entry);
      if (!matcher.matches()) {
        throw new IllegalArgumentException(key + " entries must be COMMAND=COUNT/PERIOD with the period in s, m or h,"
          + " e.g. internal-chat:message=30/1m, got '" + entry + "'");
      }
      long amount = Long.parseLong(matcher.group(3));
      Duration period = switch (matcher.group(4)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
      limits.put(matcher.group(1), new RateLimit(Integer.parseInt(matcher.group(2)), period));
    }
    return Map.copyOf(limits);
  }
}
