package dev.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A WebSocket served by Netty's codec on the upgraded HTTP channel: the bridge's raw endpoint, and
 * under {@link SockJsWebSocket} SockJS's WebSocket transport. Vert.x's {@code ServerWebSocket},
 * with SockJS's wrapper around it, keeps about 8 KB per idle connection: the upgrade request, the
 * routing context and a 1,024-slot cross-thread write queue that the HTTP server's strict thread
 * mode does not reach. This keeps the channel, the codec and this handler. It takes the place of
 * Vert.x's connection handler, as Vert.x's own upgrade does, and hands every event to its owner's
 * context: the HTTP verticle's, whose event loop is the channel's, or, for a session that lives
 * on another loop of the node ({@link #acceptFor}), that loop's. All its state is read and written
 * there; only the codec's work and the pong stay on the channel's loop.
 */
public final class RawWebSocket extends ChannelInboundHandlerAdapter implements BridgeSocket {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RawWebSocket.class);
  private static final String VERTX_HANDLER = "handler";
  private static final String AGGREGATOR = "wsAggregator";
  private static final String UTF8_VALIDATOR = "wsUtf8";
  /**
   * On a deflate socket, shorter texts (Engine.IO's pings, noops and probes) go out as they are: a
   * deflated message that short is no smaller, and RFC 7692 lets any message go uncompressed. A
   * framed buffer passes the deflate encoder, which takes only frame objects. The client also
   * reads such a message at once: it inflates a compressed one asynchronously, so a probe's answer
   * would be read after an HTTP answer that arrived later (the Engine.IO suite's upgrade tests).
   */
  static final int DEFLATE_FROM = 8;

  /**
   * A room event is written to each member in a row, as the same string: each event loop encodes
   * and frames it once, and every uncompressed socket gets a view of those bytes. A room with both
   * raw and SockJS members alternates between two strings, the event and its SockJS envelope.
   */
  private static final FastThreadLocal<LastFrame> LAST_FRAME = new FastThreadLocal<>() {
    @Override
    protected LastFrame initialValue() {
      return new LastFrame();
    }

    @Override
    protected void onRemoval(LastFrame last) {
      last.release();
    }
  };

  private final ContextInternal context;
  private final Channel channel;
  /** Written first once the upgrade is done, or null. */
  private final String greeting;
  /** Uncompressed sockets take the shared frame bytes; deflate needs each frame through its encoder. */
  private boolean sharesFrames;
  private Handler<Buffer> dataHandler = data -> { };
  /** Binary messages go to the data handler unless a protocol tells them apart (Engine.IO does). */
  private Handler<Buffer> binaryHandler;
  private Handler<Void> closeHandler = v -> { };
  /** Told of each ping the client sends, for protocols where a ping is a sign of life; null for none. */
  private Handler<Void> pingHandler;
  private boolean closing;

  RawWebSocket(ContextInternal context, Channel channel, String greeting) {
    this.context = context;
    this.channel = channel;
    this.greeting = greeting;
  }

  /** Whether the request asks for a version 13 WebSocket upgrade over HTTP/1.1, the only kind served. */
  public static boolean isUpgrade(HttpServerRequest request) {
    return request.method() == HttpMethod.GET && request.version() == HttpVersion.HTTP_1_1
      && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.getHeader(HttpHeaderNames.UPGRADE))
      && request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY) != null
      && "13".equals(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
  }

  /**
   * Answers an upgrade request that {@link #isUpgrade} accepted with 101 and takes over its channel.
   * Messages over {@code maxMessageBytes} close the connection with 1009. A {@code greeting} (or
   * null) is the first text frame, written as soon as the 101 is.
   */
  public static RawWebSocket accept(HttpServerRequest request, int maxMessageBytes, String greeting) {
    return accept(((HttpServerRequestInternal) request).context(), request, maxMessageBytes, greeting);
  }

  /**
   * Like {@link #accept(HttpServerRequest, int, String)}, for a session that lives on another event
   * loop of the node than the request's connection: its events are handed to {@code owner}, which
   * writes to the socket from its own thread (Netty passes each write to the channel's loop).
   */
  public static RawWebSocket acceptFor(Context owner, HttpServerRequest request, int maxMessageBytes) {
    return accept((ContextInternal) owner, request, maxMessageBytes, null);
  }

  private static RawWebSocket accept(ContextInternal owner, HttpServerRequest request, int maxMessageBytes, String greeting) {
    Channel channel = ((ConnectionBase) request.connection()).channel();
    RawWebSocket socket = new RawWebSocket(owner, channel, greeting);
    channel.pipeline().replace(VERTX_HANDLER, VERTX_HANDLER, socket);
    channel.pipeline().addBefore(VERTX_HANDLER, AGGREGATOR, new WebSocketFrameAggregator(maxMessageBytes));
    // Netty's handshaker leaves text unchecked, and decoding it would turn bytes that are not UTF-8
    // into U+FFFD: a text message must be UTF-8 (RFC 6455 section 8.1), else the connection closes
    // with 1007. It checks whole messages, after the aggregator and any deflate decoder.
    channel.pipeline().addBefore(VERTX_HANDLER, UTF8_VALIDATOR, new Utf8FrameValidator(false));
    // The decoder sits before the encoder in Vert.x's pipeline, so its own close frame on a protocol
    // violation would never be encoded: it reports the violation and this handler answers it.
    var decoder = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxMessageBytes).allowExtensions(true)
      .closeOnProtocolViolation(false).build();
    var headers = new DefaultHttpHeaders();
    request.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
    var upgrade = new DefaultFullHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
      io.netty.handler.codec.http.HttpMethod.GET, request.uri(), Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
    new WebSocketServerHandshaker13(request.path(), null, decoder).handshake(channel, upgrade)
      .addListener(done -> {
        if (!done.isSuccess()) {
          LOG.warn("WebSocket handshake failed on {}: {}", request.path(), String.valueOf(done.cause()));
          channel.close();
          return;
        }
        socket.emit(null, socket::upgraded);
      });
    return socket;
  }

  /**
   * Once the 101 is written, per-message deflate is set up if the client asked for it, and Vert.x's
   * extension handler, which would otherwise inspect every frame written for an HTTP response, is
   * removed, as Vert.x removes it when it hands an upgraded connection over. Frames written before
   * this would meet the HTTP encoder, which the handshake removes only now.
   */
  private void upgraded(Void ignored) {
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(WebSocketServerExtensionHandler.class) != null) {
      pipeline.remove(WebSocketServerExtensionHandler.class);
    }
    sharesFrames = pipeline.get(WebSocketExtensionEncoder.class) == null;
    if (greeting != null && channel.isActive()) {
      write(greeting);
    }
  }

  /** Receives text messages, and binary ones too unless a {@link #binaryHandler} is set. */
  public RawWebSocket handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    return this;
  }

  /** Receives binary messages apart from text ones. */
  public RawWebSocket binaryHandler(Handler<Buffer> handler) {
    this.binaryHandler = handler;
    return this;
  }

  /** Told of each WebSocket ping from the client (the pong is answered here all the same). */
  public RawWebSocket pingHandler(Handler<Void> handler) {
    this.pingHandler = handler;
    return this;
  }

  public RawWebSocket closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  /** Dropped once closing: RFC 6455 section 5.5.1 allows no data frame after a close frame. */
  @Override
  public void write(String frame) {
    if (closing) {
      return;
    }
    Object message = sharesFrames ? LAST_FRAME.get().framed(frame).retainedDuplicate()
      : frame.length() < DEFLATE_FROM ? textFrame(frame)
      : new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), frame));
    channel.writeAndFlush(message, channel.voidPromise());
  }

  /** Writes one binary frame; dropped once closing, as text is. */
  public void writeBinary(Buffer data) {
    if (closing) {
      return;
    }
    channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data.getBytes())), channel.voidPromise());
  }

  @Override
  public boolean writeQueueFull() {
    return !channel.isWritable();
  }

  @Override
  public void close(int code, String reason) {
    sendClose(new CloseWebSocketFrame(code, reason));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame text) {
        emit(Buffer.buffer(ByteBufUtil.getBytes(text.content())), this::onText);
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        emit(Buffer.buffer(ByteBufUtil.getBytes(binary.content())), this::onBinary);
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
        emit(null, this::onPing);
      } else if (msg instanceof CloseWebSocketFrame peerClose) {
        // the close handshake: answer with the peer's own status
        emit(new CloseWebSocketFrame(true, 0, peerClose.content().retain()), this::sendClose);
      }
      // pongs, and the end of the upgrade request still on its way from the HTTP decoder, are dropped
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onText(Buffer data) {
    if (!closing) {
      dataHandler.handle(data);
    }
  }

  private void onBinary(Buffer data) {
    if (!closing) {
      (binaryHandler != null ? binaryHandler : dataHandler).handle(data);
    }
  }

  private void onPing(Void ignored) {
    if (pingHandler != null) {
      pingHandler.handle(null);
    }
  }

  private void onInactive(Void ignored) {
    closeHandler.handle(null);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    emit(null, this::onInactive);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException violation) {
      emit(new CloseWebSocketFrame(violation.closeStatus()), this::sendClose);
    } else if (cause instanceof TooLongFrameException) {
      emit(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG), this::sendClose);
    } else {
      // a reset or a broken pipe: nobody is left to tell
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    ReferenceCountUtil.release(event);
  }

  private void sendClose(CloseWebSocketFrame frame) {
    if (closing || !channel.isActive()) {
      frame.release();
      return;
    }
    closing = true;
    channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
  }

  private <E> void emit(E event, Handler<E> handler) {
    context.execute(event, e -> context.dispatch(e, handler));
  }

  /** The last two texts written on one event loop, each encoded as a whole unmasked WebSocket frame. */
  private static final class LastFrame {
    private final String[] texts = new String[2];
    private final ByteBuf[] bytes = {Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER};
    /** The slot the next new text replaces: the one used less recently. */
    private int older;

    ByteBuf framed(String frame) {
      // identity, not equality: the same event is the same instance, and comparing contents would cost a scan
      for (int i = 0; i < 2; i++) {
        if (texts[i] == frame) {
          older = 1 - i;
          return bytes[i];
        }
      }
      int slot = older;
      bytes[slot].release();
      bytes[slot] = textFrame(frame);
      texts[slot] = frame;
      older = 1 - slot;
      return bytes[slot];
    }

    void release() {
      for (ByteBuf frame : bytes) {
        frame.release();
      }
    }
  }

  /** RFC 6455 section 5.2: FIN and the text opcode, then a 7-bit, 16-bit or 64-bit length, no mask. */
  static ByteBuf textFrame(String text) {
    int length = ByteBufUtil.utf8Bytes(text);
    ByteBuf frame = ByteBufAllocator.DEFAULT.directBuffer(length + 10);
    frame.writeByte(0x81);
    if (length < 126) {
      frame.writeByte(length);
    } else if (length <= 0xFFFF) {
      frame.writeByte(126).writeShort(length);
    } else {
      frame.writeByte(127).writeLong(length);
    }
    ByteBufUtil.writeUtf8(frame, text);
    return frame;
  }
}
