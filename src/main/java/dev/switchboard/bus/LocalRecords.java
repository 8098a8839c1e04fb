package dev.switchboard.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Node-local requests that carry records as they are. A JSON body is copied on every local hop, and
 * a record sent as JSON is also encoded and decoded; an immutable record needs neither, so this
 * codec hands the same object over. It never crosses the cluster: its wire methods refuse.
 */
public final class LocalRecords implements MessageCodec<Object, Object> {
  static final String NAME = "sb.local-record";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setCodecName(NAME);

  private LocalRecords() {
  }

  /** Registers the codec on the node's event bus; once per node, before anything sends with {@link #options()}. */
  public static void register(EventBus bus) {
    bus.registerCodec(new LocalRecords());
  }

  /** Node-local delivery of an immutable record, without JSON and without a copy. */
  public static DeliveryOptions options() {
    return new DeliveryOptions(LOCAL);
  }

  @Override
  public void encodeToWire(Buffer buffer, Object record) {
    throw new UnsupportedOperationException("a local record never leaves its node: " + record.getClass().getName());
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("a local record never leaves its node");
  }

  @Override
  public Object transform(Object record) {
    return record;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
