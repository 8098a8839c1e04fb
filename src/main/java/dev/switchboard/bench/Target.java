package dev.switchboard.bench;

/** One server node the generator connects to, and the protocol it speaks there. */
record Target(String host, int port, Wire wire) {
}
