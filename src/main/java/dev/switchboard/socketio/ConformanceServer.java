package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * The reference server of the Engine.IO and Socket.IO protocol test suites
 * (github.com/socketio/engine.io-protocol and socket.io-protocol, test-suite/), built from this
 * package: an Engine.IO echo at /engine.io/ and Socket.IO at /socket.io/ with namespaces "/" and
 * "/custom". Both suites expect port 3000.
 */
public final class ConformanceServer extends VerticleBase {
  private static final SocketIoOptions OPTIONS = new SocketIoOptions().pingIntervalMs(300).pingTimeoutMs(200)
    .maxPayloadBytes(1_000_000).connectTimeoutMs(1000).corsOrigins(List.of("*"));

  private final int port;

  /** Serves on the port once deployed (a verticle: every handler runs on its one event loop). */
  public ConformanceServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    new EngineIoServer(vertx, OPTIONS).connectionHandler(ConformanceServer::echo).mount(router, "/engine.io/");
    SocketIoServer socketIo = new SocketIoServer(vertx, OPTIONS);
    socketIo.namespace("/", ConformanceServer::onConnect).namespace("/custom", ConformanceServer::onConnect);
    socketIo.mount(router, "/socket.io/");
    return vertx.createHttpServer().requestHandler(router).listen(port);
  }

  private static void echo(EngineSocket socket) {
    socket.listener(new EngineSocket.Listener() {
      @Override
      public void onMessage(String data) {
        socket.send(data);
      }

      @Override
      public void onBinary(Buffer data) {
        socket.sendBinary(data);
      }

      @Override
      public void onClose(String reason) {
      }
    });
  }

  private static Future<JsonObject> onConnect(SioSocket socket, JsonObject auth) {
    socket.emit("auth", auth);
    socket.listener(new SioSocket.Listener() {
      @Override
      public void onEvent(String event, JsonArray args, SioAck ack) {
        if ("message".equals(event)) {
          socket.emit("message-back", args.getList().toArray());
        } else if ("message-with-ack".equals(event) && ack != null) {
          ack.reply(args.getList().toArray());
        }
      }

      @Override
      public void onDisconnect(String reason) {
      }
    });
    return Future.succeededFuture(new JsonObject());
  }
}
