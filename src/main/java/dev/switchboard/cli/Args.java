package dev.switchboard.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line words: {@code --name value} options, {@code --flag} switches and the plain words left.
 * Unknown options and malformed values are refused with {@link IllegalArgumentException}, naming them.
 * Every subcommand parses with it, so {@code token --depts 3} is refused as {@code bench --rat 5} is.
 */
public final class Args {
  /** Asks any subcommand for its usage. */
  public static final Set<String> HELP = Set.of("--help", "-h");

  private final Map<String, List<String>> options = new HashMap<>();
  private final List<String> words = new ArrayList<>();

  /** Reads {@code args}: options in {@code valued} take a value, those in {@code flags} none; any other is refused. */
  public Args(List<String> args, Set<String> valued, Set<String> flags) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        words.add(arg);
        continue;
      }
      String name = arg.substring(2);
      if (flags.contains(name)) {
        options.computeIfAbsent(name, key -> new ArrayList<>()).add("true");
      } else if (valued.contains(name) && i + 1 < args.size()) {
        options.computeIfAbsent(name, key -> new ArrayList<>()).add(args.get(++i));
      } else {
        throw new IllegalArgumentException(valued.contains(name) ? arg + " needs a value" : "unknown option " + arg);
      }
    }
  }

  /** Whether {@code args} asks for usage. */
  public static boolean wantsHelp(List<String> args) {
    return args.stream().anyMatch(HELP::contains);
  }

  public List<String> words() {
    return List.copyOf(words);
  }

  /** The option's last value, or {@code fallback}. */
  public String text(String name, String fallback) {
    List<String> values = options.get(name);
    return values == null ? fallback : values.get(values.size() - 1);
  }

  /** Every value of a repeatable option, each split at commas: {@code --dept 3 --dept 4,5}. */
  public List<String> texts(String name) {
    return options.getOrDefault(name, List.of()).stream()
      .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(value -> !value.isEmpty()).toList();
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }

  public long whole(String name, long fallback, long min) {
    String value = text(name, null);
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

  public double number(String name, double fallback, double minExclusive) {
    String value = text(name, null);
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
  public List<Long> wholes(String name, List<Long> fallback) {
    String value = text(name, null);
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
