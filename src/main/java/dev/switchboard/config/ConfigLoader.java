package dev.switchboard.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Reads {@code conf/config.json}, then the environment, which overrides the file. */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  public static Future<GatewayConfig> load(Vertx vertx) {
    String file = System.getProperty(ConfigKeys.CONFIG_FILE_PROPERTY, ConfigKeys.CONFIG_FILE);
    // Stores are merged in the order given: later ones win, so the environment comes last.
    var options = new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setOptional(true)
        .setConfig(new JsonObject().put("path", file)))
      .addStore(new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("raw-data", true)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
      .map(GatewayConfig::from)
      .eventually(retriever::close);
  }
}
