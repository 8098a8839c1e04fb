package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;

/**
 * What a scenario reports: its summary line, whether it completed and counted every message with no
 * error, the headline figures (numbers only, compared across runs by {@code bench table}) and details.
 */
record Outcome(String summary, boolean ok, JsonObject metrics, JsonObject details) {
}
