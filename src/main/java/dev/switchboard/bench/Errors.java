package dev.switchboard.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Everything that went wrong during a run: counted, with the first few kinds kept for the report. */
final class Errors {
  private static final int KEPT = 5;

  private final LongAdder count = new LongAdder();
  private final List<String> first = new CopyOnWriteArrayList<>();

  void add(String what) {
    count.increment();
    String shortened = what.length() > 200 ? what.substring(0, 200) : what;
    if (first.size() < KEPT && !first.contains(shortened)) {
      first.add(shortened);
    }
  }

  long count() {
    return count.sum();
  }

  List<String> samples() {
    return List.copyOf(first);
  }
}
