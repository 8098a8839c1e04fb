package dev.switchboard.socketio;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.util.HashMap;
import java.util.Map;

/**
 * Socket.IO v5 on {@link EngineIoServer}: namespaces registered by name, each connection joining
 * any of them. Everything runs on the event loop of the context that called {@link #mount}.
 */
public final class SocketIoServer {
  private final Vertx vertx;
  private final SocketIoOptions options;
  private final EngineIoServer engine;
  private final Map<String, NamespaceHandler> namespaces = new HashMap<>();

  public SocketIoServer(Vertx vertx, SocketIoOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.engine = new EngineIoServer(vertx, options).connectionHandler(socket -> new SioConnection(this, socket).start());
  }

  /** Registers a namespace ("/" or "/custom"); connects to others are refused with "Invalid namespace". */
  public SocketIoServer namespace(String name, NamespaceHandler handler) {
    if (!name.startsWith("/")) {
      throw new IllegalArgumentException("a namespace starts with '/': " + name);
    }
    namespaces.put(name, handler);
    return this;
  }

  /** Serves Engine.IO at path (e.g. "/socket.io/") on the router: polling, websocket, upgrade, CORS preflight. */
  public void mount(Router router, String path) {
    engine.mount(router, path);
  }

  /** Closes every connection (the node is stopping). */
  public void close() {
    engine.close();
  }

  public int connectionCount() {
    return engine.connectionCount();
  }

  NamespaceHandler handler(String namespace) {
    return namespaces.get(namespace);
  }

  Vertx vertx() {
    return vertx;
  }

  SocketIoOptions options() {
    return options;
  }
}
