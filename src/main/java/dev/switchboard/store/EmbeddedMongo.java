package dev.switchboard.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.error.StartupFailure;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server in this process, its data in an H2 file under the data directory.
 * It listens on loopback so a second node on the machine, or a Mongo shell, can share it.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
  private static final String HOST = "127.0.0.1";
  private static final String FILE_NAME = "switchboard.mv";

  private final MongoServer server;
  private final String connectionString;

  private EmbeddedMongo(MongoServer server, String connectionString) {
    this.server = server;
    this.connectionString = connectionString;
  }

  /**
   * Opens the data file and listens on {@code port}; a {@link StartupFailure} says what to change
   * when the directory cannot be made, the file is another node's, or the port is taken.
   */
  public static EmbeddedMongo start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StartupFailure(ConfigKeys.DATA_DIR + " " + dataDir.toAbsolutePath() + " cannot be created (" + e
        + "): point it at a writable directory");
    }
    Path file = dataDir.resolve(FILE_NAME);
    String uri = "mongodb://" + HOST + ":" + port;
    MongoServer server = new MongoServer(backend(file, uri));
    bind(server, port, uri);
    LOG.info("Embedded MongoDB wire server on {} with data in {}", uri, file.toAbsolutePath());
    return new EmbeddedMongo(server, uri);
  }

  private static H2Backend backend(Path file, String uri) {
    try {
      return new H2Backend(file.toString());
    } catch (MVStoreException e) {
      if (e.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
        throw e;
      }
      throw new StartupFailure(file.toAbsolutePath() + " is in use by another node: set " + ConfigKeys.MONGO_URI
        + " to that node's database (e.g. " + uri + "), or give this node its own " + ConfigKeys.DATA_DIR);
    }
  }

  /** MongoServer rethrows Netty's BindException undeclared, hence the catch of Exception. */
  private static void bind(MongoServer server, int port, String uri) {
    try {
      server.bind(HOST, port);
    } catch (Exception e) {
      // the backend holds the file lock: release it, so a retry in this process finds the file free
      server.shutdownNow();
      if (!(e instanceof BindException)) {
        throw e;
      }
      throw new StartupFailure(ConfigKeys.EMBEDDED_MONGO_PORT + " " + port + " is taken on " + HOST
        + " (a local mongod?): to use that database set " + ConfigKeys.MONGO_URI + "=" + uri
        + ", or choose another " + ConfigKeys.EMBEDDED_MONGO_PORT);
    }
  }

  public String connectionString() {
    return connectionString;
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
