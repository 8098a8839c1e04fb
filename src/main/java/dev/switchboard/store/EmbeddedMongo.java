package dev.switchboard.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server in this process, its data in an H2 file under the data directory.
 * It listens on loopback so a second node on the machine, or a Mongo shell, can share it.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

  private final MongoServer server;
  private final String connectionString;

  private EmbeddedMongo(MongoServer server, String connectionString) {
    this.server = server;
    this.connectionString = connectionString;
  }

  public static EmbeddedMongo start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    Path file = dataDir.resolve("switchboard.mv");
    MongoServer server = new MongoServer(new H2Backend(file.toString()));
    server.bind("127.0.0.1", port);
    String uri = "mongodb://127.0.0.1:" + port;
    LOG.info("Embedded MongoDB wire server on {} with data in {}", uri, file.toAbsolutePath());
    return new EmbeddedMongo(server, uri);
  }

  public String connectionString() {
    return connectionString;
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
