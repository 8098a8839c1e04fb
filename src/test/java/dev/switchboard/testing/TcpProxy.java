package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy that a test can cut, as a network partition or a database crash would: {@link #cut()}
 * drops every connection and refuses new ones until {@link #restore()}; {@link #pause()} refuses new
 * ones only. Between the nodes and the database, or in front of several nodes as a load balancer:
 * each new connection goes to the first upstream that accepts it, so once a node has stopped its
 * clients reach the next. Plain sockets and a thread per direction: a handful of connections.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int[] upstreamPorts;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  private TcpProxy(int... upstreamPorts) throws IOException {
    this.upstreamPorts = upstreamPorts.clone();
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepter = new Thread(this::accept, "proxy-accept");
    accepter.setDaemon(true);
    accepter.start();
  }

  /** Starts a proxy on a free loopback port in front of {@code upstreamPorts}, tried in this order. */
  public static TcpProxy start(int... upstreamPorts) {
    try {
      return new TcpProxy(upstreamPorts);
    } catch (IOException e) {
      throw new AssertionError("the proxy did not start: " + e, e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every connection is dropped at once, and new ones are closed as soon as they are accepted. */
  public void cut() {
    refusing = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** New connections are closed as soon as they are accepted; the open ones carry on. */
  public void pause() {
    refusing = true;
  }

  /** New connections are let through again, after {@link #cut()} or {@link #pause()}. */
  public void restore() {
    refusing = false;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = connectUpstream(client);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // the server socket closed, or every upstream refused: the client sees a lost connection
      }
    }
  }

  /** The first upstream that accepts; when none does, the client is closed and the refusal thrown. */
  private Socket connectUpstream(Socket client) throws IOException {
    IOException refused = new IOException("no upstream accepted");
    for (int port : upstreamPorts) {
      try {
        return new Socket(InetAddress.getLoopbackAddress(), port);
      } catch (IOException e) {
        refused = e;
      }
    }
    closeQuietly(client);
    throw refused;
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // cut, or closed by either side
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
