package dev.switchboard.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Loading the configuration")
class ConfigLoaderTest {

  @Test
  @DisplayName("reads the file, and a SWITCHBOARD_* variable overrides it; other variables are ignored")
  void environmentWins(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("config.json"), "{\"SWITCHBOARD_HTTP_PORT\": 9000, \"SWITCHBOARD_MONGO_DB\": \"a\"}");
    GatewayConfig config = ConfigLoader.load(file, true, Map.of("SWITCHBOARD_MONGO_DB", "b", "HTTP_PORT", "1"));
    assertEquals(9000, config.httpPort());
    assertEquals("b", config.mongoDb());
  }

  @Test
  @DisplayName("without the default file, the environment and the defaults apply")
  void defaultFileMissing(@TempDir Path dir) {
    GatewayConfig config = ConfigLoader.load(dir.resolve("config.json"), false, Map.of("SWITCHBOARD_HTTP_PORT", "9001"));
    assertEquals(9001, config.httpPort());
    assertEquals("switchboard", config.mongoDb());
  }

  @Test
  @DisplayName("a file named explicitly must exist")
  void namedFileMissing(@TempDir Path dir) {
    var refusal = assertThrows(IllegalArgumentException.class,
      () -> ConfigLoader.load(dir.resolve("prod.json"), true, Map.of()));
    assertEquals("configuration file " + dir.resolve("prod.json").toAbsolutePath() + " (-Dswitchboard.config) does not"
      + " exist: fix the path", refusal.getMessage());
  }

  @Test
  @DisplayName("a file that is not a JSON object is refused with the place it breaks, in one line")
  void malformed(@TempDir Path dir) throws Exception {
    for (String text : new String[]{"{\"SWITCHBOARD_HTTP_PORT\": 80,}", "[1, 2]", "SWITCHBOARD_HTTP_PORT=80"}) {
      Path file = Files.writeString(dir.resolve("config.json"), text);
      String message = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(file, false, Map.of()))
        .getMessage();
      assertTrue(message.startsWith("configuration file " + file.toAbsolutePath() + " is not a JSON object ("), message);
      assertEquals(1, message.lines().count(), message);
    }
  }

  @Test
  @DisplayName("run away from the checkout its code is in, a node that fails is told where conf/ is; an installed jar with no checkout around it is not")
  void missingFileHint(@TempDir Path dir) throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout/conf"));
    Files.writeString(checkout.resolve("config.json"), "{}");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path jar = Files.createDirectories(dir.resolve("checkout/target")).resolve("switchboard.jar");

    assertEquals(Optional.of("no conf/config.json under " + elsewhere + ": run from the repository root ("
      + dir.resolve("checkout") + "), or pass -Dswitchboard.config=path"), ConfigLoader.missingFileHint(elsewhere, jar));
    assertEquals(Optional.empty(), ConfigLoader.missingFileHint(dir.resolve("checkout"), jar), "run from the checkout");
    Path image = Files.createDirectories(dir.resolve("app"));
    assertEquals(Optional.empty(), ConfigLoader.missingFileHint(image, image.resolve("switchboard.jar")),
      "the container image's /app holds the jar and no conf/: it is configured by its environment");
  }
}
