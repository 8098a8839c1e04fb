package dev.switchboard.socketio;

import io.vertx.core.MultiMap;

/** The HTTP request that opened an Engine.IO connection, as it was then. */
public record SioHandshake(MultiMap headers, MultiMap query, String remoteAddress, String transport) {
}
