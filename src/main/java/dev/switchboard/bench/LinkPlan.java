package dev.switchboard.bench;

/** A connection to set up: where, as whom, which room it joins (null for none), where its stamps count. */
record LinkPlan(Target target, String token, String room, Channel channel) {
}
