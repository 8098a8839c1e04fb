package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code conf/config.json} (or the file {@code -Dswitchboard.config} names), then the
 * environment's {@code SWITCHBOARD_*} variables, which override the file. A file that is named
 * but missing, or that is not a JSON object, stops start-up with the file's name; the default
 * file may be missing (a container configured by its environment), and then only the
 * environment and the built-in defaults apply.
 */
public final class ConfigLoader {
  private static final String ENV_PREFIX = "SWITCHBOARD_";

  private ConfigLoader() {
  }

  /** The configuration of this process: its file, then its environment. */
  public static GatewayConfig load() {
    String named = System.getProperty(ConfigKeys.CONFIG_FILE_PROPERTY);
    return load(named == null ? Path.of(ConfigKeys.CONFIG_FILE) : Path.of(named), named != null, System.getenv());
  }

  /** {@code file} (which must exist when {@code named}), overridden by the {@code SWITCHBOARD_*} entries of {@code env}. */
  static GatewayConfig load(Path file, boolean named, Map<String, String> env) {
    JsonObject merged = file(file, named);
    env.forEach((key, value) -> {
      if (key.startsWith(ENV_PREFIX)) {
        merged.put(key, value);
      }
    });
    return GatewayConfig.from(merged);
  }

  /**
   * What to tell someone whose node did not start while the default file was missing (they are
   * most likely running from another directory); empty when a file was read or named.
   */
  public static Optional<String> missingFileHint() {
    if (System.getProperty(ConfigKeys.CONFIG_FILE_PROPERTY) != null) {
      return Optional.empty();
    }
    try {
      Path code = Path.of(ConfigLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return missingFileHint(Path.of("").toAbsolutePath(), code);
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The hint for a run from {@code workingDir} of the code at {@code code} (the jar, or the classes
   * directory): only when the default file is missing there but lies in the checkout around the code.
   * A jar with no checkout around it, as in the container image, is configured by its environment
   * alone, and a missing file is no mistake there.
   */
  static Optional<String> missingFileHint(Path workingDir, Path code) {
    if (Files.exists(workingDir.resolve(ConfigKeys.CONFIG_FILE))) {
      return Optional.empty();
    }
    for (Path dir = code.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(ConfigKeys.CONFIG_FILE))) {
        return Optional.of("no " + ConfigKeys.CONFIG_FILE + " under " + workingDir + ": run from the repository root ("
          + dir + "), or pass -D" + ConfigKeys.CONFIG_FILE_PROPERTY + "=path");
      }
    }
    return Optional.empty();
  }

  private static JsonObject file(Path file, boolean named) {
    if (!Files.exists(file)) {
      if (named) {
        throw new IllegalArgumentException("configuration file " + file.toAbsolutePath() + " (-D"
          + ConfigKeys.CONFIG_FILE_PROPERTY + ") does not exist: fix the path");
      }
      // said only if start-up fails (missingFileHint): the token command's output is the token alone
      return new JsonObject();
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("configuration file " + file.toAbsolutePath() + " cannot be read (" + e + ")");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("configuration file " + file.toAbsolutePath() + " is not a JSON object ("
        + syntaxError(e) + "): fix it, or pass -D" + ConfigKeys.CONFIG_FILE_PROPERTY + "=path");
    }
  }

  /** Jackson's own words and position, without its multi-line echo of the source. */
  private static String syntaxError(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException json && json.getLocation() != null) {
      return "line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ": "
        + json.getOriginalMessage().lines().findFirst().orElse("");
    }
    return e.getMessage().lines().findFirst().orElse("unreadable");
  }
}
