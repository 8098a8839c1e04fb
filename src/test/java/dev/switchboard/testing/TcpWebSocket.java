package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain TCP socket, for what a client library will not do: send bytes that
 * are not UTF-8 in a text message, or complete the upgrade and then never read. Blocking calls.
 */
public final class TcpWebSocket implements AutoCloseable {
  private static final int TEXT = 0x1;
  private static final int CLOSE = 0x8;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int status;

  private TcpWebSocket(Socket socket, int status) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.status = status;
  }

  /**
   * Sends a version 13 upgrade for {@code uri} with extra {@code headers} (name, value, ...), reads
   * the answer's head, and returns the socket whatever its status. A receive buffer of
   * {@code receiveBuffer} bytes (0: the system's) makes a reader that never reads fill up sooner.
   */
  public static TcpWebSocket connect(int port, String uri, int receiveBuffer, String... headers) {
    try {
      Socket socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      StringBuilder request = new StringBuilder("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      return new TcpWebSocket(socket, readStatus(socket));
    } catch (IOException e) {
      throw new AssertionError("the upgrade of " + uri + " failed: " + e, e);
    }
  }

  /** The answer's head, byte by byte so that no frame after it is consumed; its status code. */
  private static int readStatus(Socket socket) throws IOException {
    var head = new ByteArrayOutputStream();
    var input = socket.getInputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = input.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
  }

  /** The status of the answer to the upgrade: 101 when it was accepted. */
  public int status() {
    return status;
  }

  /** Sends one text message holding exactly {@code payload}, masked as a client must. */
  public void sendText(byte[] payload) {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
    frame.put((byte) (0x80 | TEXT));
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else if (payload.length <= 0xFFFF) {
      frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(payload.length);
    }
    frame.put(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i % 4]));
    }
    try {
      out.write(frame.array(), 0, frame.position());
      out.flush();
    } catch (IOException e) {
      throw new AssertionError("could not send: " + e, e);
    }
  }

  public void sendText(String text) {
    sendText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next text message's text, failing the test if a close or nothing comes instead. */
  public String nextText() {
    Frame frame = nextFrame();
    if (frame.opcode != TEXT) {
      throw new AssertionError("expected a text frame, got opcode " + frame.opcode);
    }
    return new String(frame.payload, StandardCharsets.UTF_8);
  }

  /** Reads past any data until the server's close frame; its status code. */
  public int awaitClose() {
    while (true) {
      Frame frame = nextFrame();
      if (frame.opcode == CLOSE) {
        return frame.payload.length >= 2 ? ((frame.payload[0] & 0xFF) << 8) | (frame.payload[1] & 0xFF) : 1005;
      }
    }
  }

  private record Frame(int opcode, byte[] payload) {
  }

  private Frame nextFrame() {
    try {
      int first = in.readUnsignedByte();
      int length = in.readUnsignedByte() & 0x7F;
      long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
      byte[] payload = new byte[Math.toIntExact(size)];
      in.readFully(payload);
      return new Frame(first & 0x0F, payload);
    } catch (IOException e) {
      throw new AssertionError("no frame from the server: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
