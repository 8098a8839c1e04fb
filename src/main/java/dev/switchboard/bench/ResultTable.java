package dev.switchboard.bench;

import dev.switchboard.cli.Args;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code bench table [--out FILE] RESULT.json...}: the median of every headline figure per scenario
 * and label over the runs that completed, as a markdown table, with the ratio of the first label
 * to the second ({@code gateway} first when present).
 */
final class ResultTable {
  private static final String FIRST = "gateway";

  private ResultTable() {
  }

  static int run(List<String> words) throws IOException {
    Args args = new Args(words, Set.of("out"), Set.of());
    if (args.words().isEmpty()) {
      throw new IllegalArgumentException("table needs result files");
    }
    List<JsonObject> results = new ArrayList<>();
    for (String file : args.words()) {
      results.add(new JsonObject(Files.readString(Path.of(file))));
    }
    String table = render(results);
    System.out.print(table);
    String out = args.text("out", null);
    if (out != null) {
      Files.writeString(Path.of(out), table);
    }
    return 0;
  }

  static String render(List<JsonObject> results) {
    Map<String, List<JsonObject>> byScenario = results.stream()
      .collect(Collectors.groupingBy(r -> r.getString("scenario"), TreeMap::new, Collectors.toList()));
    StringBuilder out = new StringBuilder();
    byScenario.forEach((scenario, runs) -> {
      List<String> labels = runs.stream().map(r -> r.getString("label")).distinct()
        .sorted(Comparator.comparing((String l) -> !l.equals(FIRST)).thenComparing(l -> l)).toList();
      boolean ratio = labels.size() == 2;
      out.append("\n### ").append(scenario).append("\n\n| metric |");
      labels.forEach(label -> out.append(' ').append(label).append(" (median of ").append(completed(runs, label).size())
        .append('/').append(runs.stream().filter(r -> r.getString("label").equals(label)).count()).append(") |"));
      if (ratio) {
        out.append(' ').append(labels.get(0)).append(" / ").append(labels.get(1)).append(" |");
      }
      out.append("\n|---|").append("---|".repeat(labels.size() + (ratio ? 1 : 0))).append('\n');
      Set<String> metrics = new TreeSet<>();
      runs.forEach(r -> metrics.addAll(r.getJsonObject("metrics", new JsonObject()).fieldNames()));
      for (String metric : metrics) {
        out.append("| ").append(metric).append(" |");
        List<Double> medians = labels.stream().map(label -> median(completed(runs, label), metric)).toList();
        medians.forEach(m -> out.append(' ').append(format(m)).append(" |"));
        if (ratio) {
          Double a = medians.get(0);
          Double b = medians.get(1);
          out.append(' ').append(a == null || b == null || b == 0 ? "" : format(a / b)).append(" |");
        }
        out.append('\n');
      }
    });
    return out.toString();
  }

  private static List<JsonObject> completed(List<JsonObject> runs, String label) {
    return runs.stream().filter(r -> r.getString("label").equals(label) && r.getBoolean("ok", false)).toList();
  }

  private static Double median(List<JsonObject> runs, String metric) {
    List<Double> values = runs.stream().map(r -> r.getJsonObject("metrics").getValue(metric))
      .filter(Number.class::isInstance).map(v -> ((Number) v).doubleValue()).sorted().toList();
    if (values.isEmpty()) {
      return null;
    }
    int mid = values.size() / 2;
    return values.size() % 2 == 1 ? values.get(mid) : (values.get(mid - 1) + values.get(mid)) / 2;
  }

  private static String format(Double value) {
    if (value == null) {
      return "";
    }
    boolean whole = Math.abs(value) >= 100 || value == Math.rint(value);
    return String.format(Locale.ROOT, whole ? "%.0f" : "%.2f", value);
  }
}
