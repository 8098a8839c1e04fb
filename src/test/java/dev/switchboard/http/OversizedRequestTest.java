package dev.switchboard.http;

import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TwoNodeClusterTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Requests too large for the HTTP server to read")
class OversizedRequestTest extends TwoNodeClusterTest {

  @Test
  @DisplayName("a URI over the limit is answered 414 with URI_TOO_LONG in the error format, and the node serves on")
  void uriTooLong() {
    var refused = Rest.get(cluster.port(A), "/rooms/x/messages?pad=" + "a".repeat(5000), null);
    assertEquals(414, refused.status());
    assertEquals("URI_TOO_LONG", refused.errorCode());
    assertEquals("the request line (method, path and query) is longer than 4096 bytes",
      refused.body().getJsonObject("error").getString("message"));
    assertEquals(200, Rest.get(cluster.port(A), "/health", null).status());
  }

  @Test
  @DisplayName("headers over the limit are answered 431 with HEADERS_TOO_LARGE in the error format, and the node serves on")
  void headersTooLarge() {
    var refused = Rest.getWithHeaders(cluster.port(B), "/health", "X-Pad", "a".repeat(9000));
    assertEquals(431, refused.status());
    assertEquals("HEADERS_TOO_LARGE", refused.errorCode());
    assertEquals("the request headers are larger than 8192 bytes", refused.body().getJsonObject("error").getString("message"));
    assertEquals(200, Rest.get(cluster.port(B), "/health", null).status());
  }
}
