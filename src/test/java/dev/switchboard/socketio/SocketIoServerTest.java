package dev.switchboard.socketio;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives a SocketIoServer with a plain Vert.x HTTP and WebSocket client, packet by packet. */
class SocketIoServerTest {
  private static final long WAIT_SECONDS = 5;
  private static final int MAX_PAYLOAD = 10_000;
  private static final String PATH = "/socket.io/?EIO=4&transport=";

  private static Vertx vertx;
  private static int port;
  private static HttpClient http;
  /** The context every HTTP exchange of the tests runs on. */
  private static Context client;
  private static WebSocketClient webSockets;
  /** The reasons namespace sockets were told when they disconnected. */
  private static final BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
  /** The args of the clients' acks to the server's "question". */
  private static final BlockingQueue<JsonArray> answers = new LinkedBlockingQueue<>();

  record Reply(int status, String body) {
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        // a ping timeout the test can wait for, and long enough that a loaded machine's stall between
        // two requests of one test does not end their session
        var options = new SocketIoOptions().pingIntervalMs(1000).pingTimeoutMs(1000).connectTimeoutMs(2000)
          .maxPayloadBytes(MAX_PAYLOAD);
        var server = new SocketIoServer(vertx, options)
          .namespace("/", SocketIoServerTest::onConnect)
          .namespace("/refuse", (socket, auth) -> Future.failedFuture(new SocketIoRefusal("not you", new JsonObject().put("why", "test"))));
        Router router = Router.router(vertx);
        server.mount(router, "/socket.io/");
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(HttpServer::actualPort)
          .onSuccess(actual -> port = actual);
      }
    }).await(WAIT_SECONDS, TimeUnit.SECONDS);
    http = vertx.createHttpClient();
    client = vertx.getOrCreateContext();
    webSockets = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static Future<JsonObject> onConnect(SioSocket socket, JsonObject auth) {
    socket.listener(new SioSocket.Listener() {
      @Override
      public void onEvent(String event, JsonArray args, SioAck ack) {
        switch (event) {
          case "echo" -> socket.emit("echo-back", args.getList().toArray());
          case "ask" -> ack.reply(args.getList().toArray());
          case "leave" -> socket.disconnect(false);
          default -> { }
        }
      }

      @Override
      public void onDisconnect(String reason) {
        reasons.add(reason);
      }
    });
    if (auth.getBoolean("question", false)) {
      socket.emitWithAck("question", answers::add, "why?");
    }
    return Future.succeededFuture(new JsonObject());
  }

  private static Reply request(HttpMethod method, String query, String body) throws Exception {
    return exchange(method, PATH + query, body).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * One HTTP exchange, run on the client's own context: started from the test's thread, an
   * exchange's answer was now and then never seen (the same was found for the JWKS fetch).
   */
  private static Future<Reply> exchange(HttpMethod method, String uri, String body) {
    Promise<Reply> reply = Promise.promise();
    client.runOnContext(v -> http.request(method, port, "127.0.0.1", uri)
      .compose(request -> body == null ? request.send() : request.send(body))
      .compose(response -> response.body().map(content -> new Reply(response.statusCode(), content.toString())))
      .onComplete(reply));
    return reply.future();
  }

  private static String pollingSession() throws Exception {
    Reply open = request(HttpMethod.GET, "polling", null);
    assertEquals(200, open.status());
    return new JsonObject(open.body().substring(1)).getString("sid");
  }

  /** A WebSocket whose messages, text as String and binary as Buffer, and close land in a queue. */
  private static final class Client {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final ClientWebSocket socket = webSockets.webSocket();

    Client(String query) throws Exception {
      // handlers before the connect: the open packet follows the upgrade at once, and a callback on
      // the connect's future may run after it has arrived and been dropped
      socket.textMessageHandler(received::add).binaryMessageHandler(received::add).closeHandler(v -> received.add(CLOSED));
      socket.connect(port, "127.0.0.1", PATH + query).await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static final String CLOSED = "(closed)";

    /** The next message that is not a ping (answered), failing when none comes in time. */
    Object next() throws InterruptedException {
      while (true) {
        Object message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "no message in time");
        if ("2".equals(message)) {
          send("3");
        } else {
          return message;
        }
      }
    }

    void send(String text) {
      socket.writeTextMessage(text);
    }

    /** Opens a Socket.IO session on the default namespace with the auth. */
    static Client connected(String auth) throws Exception {
      Client client = new Client("websocket");
      assertTrue(((String) client.next()).startsWith("0{"));
      client.send("40" + auth);
      assertTrue(((String) client.next()).startsWith("40{\"sid\":"));
      return client;
    }
  }

  @Test
  @DisplayName("The polling handshake answers the open packet with the session id, upgrades and timings")
  void pollingHandshake() throws Exception {
    Reply open = request(HttpMethod.GET, "polling", null);
    assertEquals(200, open.status());
    JsonObject handshake = new JsonObject(open.body().substring(1));
    assertEquals(List.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"), List.copyOf(handshake.fieldNames()));
    assertEquals(new JsonArray().add("websocket"), handshake.getJsonArray("upgrades"));
    assertEquals(MAX_PAYLOAD, handshake.getInteger("maxPayload"));
  }

  @Test
  @DisplayName("Bad versions, transports, session ids and methods get 400 with Engine.IO's error codes")
  void badRequests() throws Exception {
    Reply wrongVersion = exchange(HttpMethod.GET, "/socket.io/?EIO=3&transport=polling", null).await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(new Reply(400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}"), wrongVersion);
    assertEquals(new Reply(400, "{\"code\":0,\"message\":\"Transport unknown\"}"), request(HttpMethod.GET, "carrier-pigeon", null));
    assertEquals(new Reply(400, "{\"code\":1,\"message\":\"Session ID unknown\"}"), request(HttpMethod.GET, "polling&sid=nope", null));
    assertEquals(new Reply(400, "{\"code\":2,\"message\":\"Bad handshake method\"}"), request(HttpMethod.POST, "polling", "40"));
  }

  @Test
  @DisplayName("Over polling a POSTed CONNECT and event are answered on the next GET, batched")
  void pollingRoundTrip() throws Exception {
    String sid = pollingSession();
    assertEquals(new Reply(200, "ok"), request(HttpMethod.POST, "polling&sid=" + sid, "40\u001e42[\"echo\",1,\"two\"]"));
    Reply poll = request(HttpMethod.GET, "polling&sid=" + sid, null);
    String[] packets = poll.body().split("\u001e");
    assertTrue(packets[0].startsWith("40{\"sid\":"), poll.body());
    assertEquals("42[\"echo-back\",1,\"two\"]", packets[1]);
  }

  @Test
  @DisplayName("A second GET while one is pending is a 400 that closes the session: the pending one gets a close packet")
  void overlappingPolls() throws Exception {
    String sid = pollingSession();
    Future<Reply> first = exchange(HttpMethod.GET, PATH + "polling&sid=" + sid, null);
    Future<Reply> second = exchange(HttpMethod.GET, PATH + "polling&sid=" + sid, null);
    // whichever reaches the server second is the overlap
    List<Reply> replies = List.of(first.await(WAIT_SECONDS, TimeUnit.SECONDS), second.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(replies.contains(new Reply(200, "1")), replies.toString());
    assertTrue(replies.contains(new Reply(400, "{\"code\":3,\"message\":\"Bad request\"}")), replies.toString());
    assertEquals(400, request(HttpMethod.GET, "polling&sid=" + sid, null).status());
  }

  @Test
  @DisplayName("A POST over maxPayload is refused with 413")
  void oversizedPost() throws Exception {
    String sid = pollingSession();
    Reply tooLarge = request(HttpMethod.POST, "polling&sid=" + sid, "4" + "x".repeat(MAX_PAYLOAD));
    assertEquals(413, tooLarge.status());
  }

  @Test
  @DisplayName("A polling session upgrades to a WebSocket: probe, a noop for the pending poll, upgrade, then messages flow on it")
  void upgrade() throws Exception {
    String sid = pollingSession();
    assertEquals(new Reply(200, "ok"), request(HttpMethod.POST, "polling&sid=" + sid, "40"));
    assertTrue(request(HttpMethod.GET, "polling&sid=" + sid, null).body().startsWith("40{\"sid\""));
    Future<Reply> pending = exchange(HttpMethod.GET, PATH + "polling&sid=" + sid, null);
    Client client = new Client("websocket&sid=" + sid);
    client.send("2probe");
    assertEquals("3probe", client.next());
    assertEquals(new Reply(200, "6"), pending.await(WAIT_SECONDS, TimeUnit.SECONDS));
    client.send("5");
    client.send("42[\"echo\",\"over ws\"]");
    assertEquals("42[\"echo-back\",\"over ws\"]", client.next());
    assertEquals(400, request(HttpMethod.GET, "polling&sid=" + sid, null).status());
  }

  @Test
  @DisplayName("A client that does not answer pings is closed after pingInterval + pingTimeout, its sockets told \"ping timeout\"")
  void pingTimeout() throws Exception {
    Client client = new Client("websocket");
    assertTrue(((String) client.received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("0{"));
    client.send("40");
    assertTrue(((String) client.received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("40"));
    assertEquals("2", client.received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(Client.CLOSED, client.received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals("ping timeout", reasons.poll(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("Acks work both ways: the server acks a client's event by id, and the client's ack reaches the server's callback")
  void acks() throws Exception {
    Client client = Client.connected("{\"question\":true}");
    assertEquals("420[\"question\",\"why?\"]", client.next());
    client.send("430[\"because\"]");
    assertEquals(new JsonArray().add("because"), answers.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    client.send("427[\"ask\",{\"n\":1}]");
    assertEquals("437[{\"n\":1}]", client.next());
  }

  @Test
  @DisplayName("Binary events go both ways as placeholders followed by binary frames")
  void binary() throws Exception {
    Client client = Client.connected("");
    client.send("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
    client.socket.writeBinaryMessage(Buffer.buffer(new byte[] {7, 8}));
    assertEquals("451-[\"echo-back\",{\"_placeholder\":true,\"num\":0}]", client.next());
    assertEquals(Buffer.buffer(new byte[] {7, 8}), client.next());
  }

  @Test
  @DisplayName("Unknown namespaces get \"Invalid namespace\", refusals their message and data, and malformed packets close the connection")
  void refusals() throws Exception {
    Client client = Client.connected("");
    client.send("40/nowhere,");
    assertEquals("44/nowhere,{\"message\":\"Invalid namespace\"}", client.next());
    client.send("40/refuse,");
    assertEquals("44/refuse,{\"message\":\"not you\",\"data\":{\"why\":\"test\"}}", client.next());
    client.send("42[\"disconnect\"]");
    assertEquals(Client.CLOSED, client.next());
    assertEquals("parse error", reasons.poll(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("DISCONNECT from the client and from the server tell the socket which side left")
  void disconnects() throws Exception {
    Client client = Client.connected("");
    client.send("41");
    assertEquals("client namespace disconnect", reasons.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    client.send("40");
    assertTrue(((String) client.next()).startsWith("40{"));
    client.send("42[\"leave\"]");
    assertEquals("41", client.next());
    assertEquals("server namespace disconnect", reasons.poll(WAIT_SECONDS, TimeUnit.SECONDS));
  }
}
