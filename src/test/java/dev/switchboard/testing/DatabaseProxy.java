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
 * A TCP proxy between the nodes and the database that a test can cut, as a network partition or a
 * database crash would: {@link #cut()} drops every connection and refuses new ones until
 * {@link #restore()}. Plain sockets and a thread per direction: a handful of driver connections.
 */
public final class DatabaseProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  private DatabaseProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepter = new Thread(this::accept, "db-proxy-accept");
    accepter.setDaemon(true);
    accepter.start();
  }

  /** Starts a proxy on a free loopback port in front of the database at {@code upstreamPort}. */
  public static DatabaseProxy start(int upstreamPort) {
    try {
      return new DatabaseProxy(upstreamPort);
    } catch (IOException e) {
      throw new AssertionError("the database proxy did not start: " + e, e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every connection is dropped at once, and new ones are closed as soon as they are accepted. */
  public void cut() {
    cut = true;
    open.forEach(DatabaseProxy::closeQuietly);
    open.clear();
  }

  public void restore() {
    cut = false;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // the server socket closed, or the database refused: the driver sees a lost connection
      }
    }
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
    }, "db-proxy-pump");
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
