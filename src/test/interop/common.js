// What the interop scripts share: checks, an ordered inbox of a socket's events, waits.
'use strict';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`missing env ${name}`);
  return value;
}

// Prints "ok - name" per check; run() prints "<script>: N passed, M failed" and exits.
function checker() {
  let passed = 0;
  return {
    check(name, condition, detail) {
      if (!condition) throw new Error(`${name}: ${JSON.stringify(detail)}`);
      passed++;
      console.log(`ok - ${name}`);
    },
    run(script, main) {
      main().then(() => {
        console.log(`${script}: ${passed} passed, 0 failed`);
        process.exit(0);
      }, (err) => {
        console.log(`not ok - ${err.message}`);
        console.log(`${script}: ${passed} passed, 1 failed`);
        process.exit(1);
      });
    },
  };
}

// Every event a socket receives, in order; nextOf passes over other events.
function inbox(socket) {
  const queue = [];
  const waiters = [];
  socket.onAny((event, ...args) => {
    const item = { event, args };
    if (waiters.length) waiters.shift()(item); else queue.push(item);
  });
  const next = (ms = 5000) => new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift());
    const timer = setTimeout(() => reject(new Error(`nothing arrived within ${ms} ms`)), ms);
    waiters.push((item) => { clearTimeout(timer); resolve(item); });
  });
  const nextOf = async (events, ms = 5000) => {
    const wanted = [].concat(events);
    const deadline = Date.now() + ms;
    for (;;) {
      const item = await next(Math.max(1, deadline - Date.now()));
      if (wanted.includes(item.event)) return wanted.length > 1 ? item : item.args[0];
    }
  };
  return { next, nextOf };
}

// A subscription reaches the other nodes a few milliseconds after its join is answered (protocol.md
// §9): sends an ephemeral event (typing) every 200 ms until the other socket hears it, so that what
// the test sends next is sent once the sender's node knows of the listener. Fails after ms.
async function untilHeard(send, events, event, ms = 5000) {
  send();
  const again = setInterval(send, 200);
  try {
    return await events.nextOf(event, ms);
  } finally {
    clearInterval(again);
  }
}

// Resolves once the socket is connected; rejects with the connect_error.
function connected(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

module.exports = { env, checker, inbox, connected, untilHeard };
