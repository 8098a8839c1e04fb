package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line words: {@code --name value} options, {@code --flag} switches and the plain words left.
 * Unknown options and malformed values are refused with {@link IllegalArgumentException}.
 */
final class Args {
  private final Map<String, String> options = new HashMap<>();
  private final List<String> words = new ArrayList<>();

  Args(List<String> args, Set<String> valued, Set<String> flags) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        words.add(arg);
        continue;
      }
      String name = arg.substring(2);
      if (flags.contains(name)) {
        options.put(name, "true");
      } else if (valued.contains(name) && i + 1 < args.size()) {
        options.put(name, args.get(++i));
      } else {
        throw new IllegalArgumentException(valued.contains(name) ? arg + " needs a value" : "unknown option " + arg);
      }
    }
  }

  List<String> words() {
    return List.copyOf(words);
  }

  String text(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  long whole(String name, long fallback, long min) {
    String value = options.get(name);
    try {
      long parsed = value == null ? fallback : Long.parseLong(value.trim());
      if (parsed < min) {
        throw new IllegalArgumentException("--" + name + " must be at least " + min);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
    }
  }

  double number(String name, double fallback, double minExclusive) {
    String value = options.get(name);
    try {
      double parsed = value == null ? fallback : Double.parseDouble(value.trim());
      if (!(parsed > minExclusive)) {
        throw new IllegalArgumentException("--" + name + " must be more than " + minExclusive);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not '" + value + "'");
    }
  }

  /** A comma-separated list of whole numbers, e.g. {@code --port 8080,8081}. */
  List<Long> wholes(String name, List<Long> fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return List.of(value.split(",")).stream().map(String::trim).map(Long::parseLong).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be comma-separated whole numbers, not '" + value + "'");
    }
  }
}
