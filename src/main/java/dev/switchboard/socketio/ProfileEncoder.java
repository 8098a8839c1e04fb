package dev.switchboard.socketio;

import dev.switchboard.fanout.FrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A room event as one Socket.IO EVENT packet for one namespace and profile, encoded once per node
 * for all the sockets of that endpoint. Events the profile does not speak encode to null, and no
 * socket of it is written to. Also shapes the replies that go back through acks and answer events.
 * <p>
 * With connection state recovery, a stored event (one whose payload has a {@code seq}) carries its
 * {@link Position} as the offset a client reports when it comes back; the encoder remembers the
 * position of the frame it encoded last, which its sessions write next, to each of them in a row.
 */
final class ProfileEncoder implements FrameEncoder {
  /** Digits only, and few enough of them to stay exact as a JavaScript number. */
  private static final Pattern NUMERIC_ID = Pattern.compile("0|[1-9][0-9]{0,14}");

  private final String namespace;
  private final Profile profile;
  private final boolean offsets;
  private String lastFrame;
  private Position lastPosition;

  ProfileEncoder(String namespace, Profile profile, boolean offsets) {
    this.namespace = namespace;
    this.profile = profile;
    this.offsets = offsets;
  }

  @Override
  public String encode(String address, String event, Buffer payload) {
    return profile.event(event).map(out -> {
      JsonObject decoded = payload.toJsonObject();
      if (!out.heard().test(decoded)) {
        return null;
      }
      Object shaped = forClient(out.payload().apply(decoded));
      // what the profile leaves as it is goes out in the bytes it came in, not encoded again
      String text = shaped == decoded ? payload.toString() : Json.encode(shaped);
      Position position = offsets && decoded.getValue("seq") instanceof Number seq ? new Position(address, seq.longValue()) : null;
      String frame = SocketIoPacket.encodeEvent(namespace, out.event().apply(decoded), text,
        position == null ? null : position.offset());
      lastFrame = frame;
      lastPosition = position;
      return frame;
    }).orElse(null);
  }

  Profile profile() {
    return profile;
  }

  /** The room and seq of a frame this encoder made last, or null for a frame without one. */
  Position positionOf(String frame) {
    return frame == lastFrame ? lastPosition : null;
  }

  /** A payload or a reply as this client takes it: with numeric ids if the profile says so; itself if nothing changes. */
  Object forClient(Object payload) {
    return profile.numericIds() ? numericIds(payload, null) : payload;
  }

  /**
   * Seed 000 declares ids as numbers and compares them with {@code ===}: fields named {@code id},
   * {@code *Id}, {@code *_id} or {@code assignedTo}. Copies only what changes, and returns the value
   * itself when nothing does (most room events but messages have no such id).
   */
  @SuppressWarnings("unchecked")
  private static Object numericIds(Object value, String key) {
    if (value instanceof JsonObject || value instanceof Map) {
      Map<String, Object> map = value instanceof JsonObject object ? object.getMap() : (Map<String, Object>) value;
      Map<String, Object> changed = null;
      for (Map.Entry<String, Object> entry : map.entrySet()) {
        Object shaped = numericIds(entry.getValue(), entry.getKey());
        if (shaped != entry.getValue()) {
          changed = changed == null ? new LinkedHashMap<>(map) : changed;
          changed.put(entry.getKey(), shaped);
        }
      }
      return changed == null ? value : new JsonObject(changed);
    }
    if (value instanceof JsonArray || value instanceof List) {
      List<Object> list = value instanceof JsonArray array ? array.getList() : (List<Object>) value;
      List<Object> changed = null;
      for (int i = 0; i < list.size(); i++) {
        Object shaped = numericIds(list.get(i), key);
        if (shaped != list.get(i)) {
          changed = changed == null ? new ArrayList<>(list) : changed;
          changed.set(i, shaped);
        }
      }
      return changed == null ? value : new JsonArray(changed);
    }
    if (value instanceof String text && key != null && isIdField(key) && NUMERIC_ID.matcher(text).matches()) {
      return Long.parseLong(text);
    }
    return value;
  }

  private static boolean isIdField(String key) {
    return key.equals("id") || key.endsWith("Id") || key.endsWith("_id") || key.equals("assignedTo");
  }
}
