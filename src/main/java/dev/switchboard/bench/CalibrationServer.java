package dev.switchboard.bench;

import dev.switchboard.cli.Args;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The least a server can do with the bench's bridge frames, on one event loop: SockJS and its raw
 * WebSocket endpoint at {@code /eventbus}, {@code register} adds the socket to a room, {@code
 * internal-chat:join} is answered at once, {@code broadcast} writes one encoded frame to every
 * member, {@code internal-chat:message} answers the sender and writes the frame to the others. No
 * tokens, storage or cluster; {@code POST /rooms} is accepted and ignored. Pinned to the server's
 * core, it shows the rate the generator sustains when the server costs next to nothing.
 */
public final class CalibrationServer extends VerticleBase {
  private final String host;
  private final int port;
  private final Map<String, List<SockJSSocket>> rooms = new HashMap<>();
  private HttpServer server;

  private CalibrationServer(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Deploys the server on {@code vertx}; completes with the port it listens on. */
  static Future<Integer> deploy(Vertx vertx, String host, int port) {
    CalibrationServer verticle = new CalibrationServer(host, port);
    return vertx.deployVerticle(verticle).map(id -> verticle.server.actualPort());
  }

  /** {@code bench calibration-server [--host 127.0.0.1] [--port 8090]}: serves until the process is killed. */
  static int run(List<String> words) throws InterruptedException {
    Args args = new Args(words, Set.of("host", "port"), Set.of());
    String host = args.text("host", "127.0.0.1");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    int port = Rig.await(deploy(vertx, host, (int) args.whole("port", 8090, 0)));
    System.out.println("calibration server listening on " + host + ":" + port);
    new CountDownLatch(1).await();
    return 0;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/ready").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
    // the body must be read, or the next request on the connection is never parsed
    router.post("/rooms").handler(BodyHandler.create(false)).handler(ctx -> ctx.response().setStatusCode(201).end("{}"));
    SockJSHandler sockJs = SockJSHandler.create(vertx, new SockJSHandlerOptions().setRegisterWriteHandler(false));
    router.route("/eventbus/*").subRouter(sockJs.socketHandler(this::onSocket));
    return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> server = s);
  }

  private void onSocket(SockJSSocket socket) {
    socket.handler(data -> onFrame(socket, data));
    socket.closeHandler(v -> rooms.values().forEach(members -> members.remove(socket)));
  }

  private void onFrame(SockJSSocket socket, Buffer data) {
    JsonObject frame = new JsonObject(data);
    String address = frame.getString("address");
    String replyAddress = frame.getString("replyAddress");
    JsonObject body = frame.getJsonObject("body", new JsonObject());
    switch (frame.getString("type")) {
      case "register" -> rooms.computeIfAbsent(address, a -> new ArrayList<>()).add(socket);
      case "send" -> {
        JsonObject reply = switch (address) {
          case "broadcast" -> {
            deliver("internal-chat:" + body.getString("id"), body.getString("event"), body.getJsonObject("data"), null);
            yield new JsonObject();
          }
          case "internal-chat:message" -> {
            JsonObject message = new JsonObject().put("roomId", body.getString("roomId")).put("body", body.getString("body"));
            deliver("internal-chat:" + body.getString("roomId"), "internal-chat:message", message, socket);
            yield message;
          }
          default -> new JsonObject();
        };
        if (replyAddress != null) {
          socket.write(new JsonObject().put("type", "rec").put("address", replyAddress).put("body", reply).encode());
        }
      }
      default -> {
        // ping and unregister need nothing here
      }
    }
  }

  private void deliver(String room, String event, JsonObject payload, SockJSSocket except) {
    String frame = "{\"type\":\"rec\",\"address\":" + Json.encode(room) + ",\"headers\":{\"event\":" + Json.encode(event)
      + "},\"body\":" + payload.encode() + "}";
    for (SockJSSocket member : rooms.getOrDefault(room, List.of())) {
      if (member != except) {
        member.write(frame);
      }
    }
  }
}
