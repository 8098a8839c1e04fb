package dev.switchboard.bridge;

import dev.switchboard.bus.Addresses;
import dev.switchboard.error.GatewayException;
import dev.switchboard.fanout.FrameEncoder;
import io.vertx.core.json.JsonObject;

import static io.vertx.core.json.Json.encode;

/** Frames from the server, in the shapes the stock {@code @vertx/eventbus-bridge-client.js} reads. */
final class BridgeFrames {

  /** Room events: the payload's bytes are spliced in as they are, never decoded or re-encoded. */
  static final FrameEncoder ROOM_EVENTS = (address, event, payload) ->
    "{\"type\":\"rec\",\"address\":" + encode(address) + ",\"headers\":{\"" + Addresses.HEADER_EVENT + "\":"
      + encode(event) + "},\"body\":" + payload + "}";

  private BridgeFrames() {
  }

  /** A reply to a request the client made with a reply address. */
  static String reply(String replyAddress, Object body) {
    return new JsonObject().put("type", "rec").put("address", replyAddress).put("body", body).encode();
  }

  /**
   * A failure, on the address the client is listening to for it (its reply address, or the address
   * it registered); the stock client hands {@code failureCode} and {@code message} to that handler.
   */
  static String error(String address, GatewayException failure) {
    JsonObject frame = new JsonObject().put("type", "err");
    if (address != null) {
      frame.put("address", address);
    }
    frame.put("failureCode", failure.code().status()).put("failureType", "RECIPIENT_FAILURE")
      .put("message", failure.wireMessage());
    if (failure.retryAfterMs() > 0) {
      frame.put("retryAfterMs", failure.retryAfterMs());
    }
    return frame.encode();
  }
}
