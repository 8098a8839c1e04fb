/*
 * Switchboard's browser client, shared by the console's pages and the customer widget: REST calls
 * with the token, and one event-bus bridge connection (the stock @vertx/eventbus-bridge-client.js
 * over sockjs-client) that reconnects by itself and, for every room or ticket it listens to,
 * registers again with the last seq it has, so the gateway replays what was missed
 * (docs/protocol.md, section 8).
 */
(function (global) {
  'use strict';

  /** Close codes after which reconnecting with the same token cannot work (docs/protocol.md, section 1). */
  var FINAL_CLOSES = {4001: 'Your sign-in has expired. Sign in again.', 4003: 'You were disconnected by an administrator.'};

  function ApiError(code, message, status) {
    this.code = code;
    this.message = message;
    this.status = status;
  }
  ApiError.prototype.toString = function () {
    return this.code + ': ' + this.message;
  };

  /** A bridge err frame's "CODE: text" as an ApiError. */
  function bridgeError(err) {
    var text = String(err && err.message || 'unknown failure');
    var at = text.indexOf(': ');
    return at > 0 ? new ApiError(text.slice(0, at), text.slice(at + 2), err.failureCode)
      : new ApiError('INTERNAL_ERROR', text, err && err.failureCode);
  }

  /** The REST API at base (a page's own origin, or the gateway a widget came from), as the token's user. */
  function Api(base, token) {
    this.base = base;
    this.token = token;
  }
  Api.prototype.call = function (method, path, body) {
    var init = {method: method, headers: {'Authorization': 'Bearer ' + this.token}};
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(this.base + path, init).then(function (response) {
      return response.text().then(function (text) {
        var json = {};
        try {
          json = text ? JSON.parse(text) : {};
        } catch (e) {
          json = {};
        }
        if (!response.ok) {
          var error = json.error || {};
          throw new ApiError(error.code || 'HTTP_' + response.status, error.message || response.statusText, response.status);
        }
        return json;
      });
    }, function () {
      throw new ApiError('NOT_CONNECTED', 'the gateway could not be reached', 0);
    });
  };
  Api.prototype.get = function (path) { return this.call('GET', path); };
  Api.prototype.post = function (path, body) { return this.call('POST', path, body); };
  Api.prototype.patch = function (path, body) { return this.call('PATCH', path, body); };
  Api.prototype.remove = function (path) { return this.call('DELETE', path); };

  /** A query string of the parameters that have a value. */
  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (name) {
      var value = params[name];
      if (value !== undefined && value !== null && value !== '') {
        parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(value));
      }
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  /** The token's claims, read without checking it (the gateway checks it): who the page is for. */
  function claims(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      var bytes = atob(part + '==='.slice((part.length + 3) % 4));
      return JSON.parse(decodeURIComponent(Array.prototype.map.call(bytes, function (c) {
        return '%' + ('0' + c.charCodeAt(0).toString(16)).slice(-2);
      }).join('')));
    } catch (e) {
      return null;
    }
  }

  /**
   * One bridge connection. options.onstatus(state, text) hears 'connecting', 'connected',
   * 'reconnecting' and 'ended'; options.onopen(again) runs after each (re)connect, once every
   * subscription is registered again, so the page can reload what has no log (lists, who is there).
   */
  function Connection(base, token, options) {
    this.url = base + '/eventbus?token=' + encodeURIComponent(token);
    this.options = options || {};
    this.subscriptions = {};
    this.opened = false;
    this.ended = false;
    this.connect();
  }

  Connection.prototype.connect = function () {
    var self = this;
    var eb = new EventBus(this.url, {vertxbus_reconnect_delay_max: 3000});
    this.eb = eb;
    eb.enableReconnect(true);
    this.status('connecting', 'Connecting…');
    eb.onopen = function () {
      var again = self.opened;
      self.opened = true;
      self.status('connected', 'Connected');
      Object.keys(self.subscriptions).forEach(function (address) {
        self.register(address, self.subscriptions[address]);
      });
      if (self.options.onopen) {
        self.options.onopen(again);
      }
    };
    eb.onclose = function (event) {
      var final = event && FINAL_CLOSES[event.code];
      if (final) {
        eb.enableReconnect(false);
        self.ended = true;
        self.status('ended', final);
      } else if (!self.ended) {
        self.status('reconnecting', 'Connection lost. Reconnecting…');
      }
    };
    eb.onerror = function (err) {
      if (self.options.onerror) {
        self.options.onerror(bridgeError(err));
      }
    };
  };

  Connection.prototype.status = function (state, text) {
    if (this.options.onstatus) {
      this.options.onstatus(state, text);
    }
  };

  Connection.prototype.isOpen = function () {
    return this.eb && this.eb.state === EventBus.OPEN;
  };

  /** Sends a request and resolves with its reply's body, or rejects with an ApiError. */
  Connection.prototype.request = function (address, body) {
    var eb = this.eb;
    return new Promise(function (resolve, reject) {
      if (!eb || eb.state !== EventBus.OPEN) {
        reject(new ApiError('NOT_CONNECTED', 'not connected; reconnecting', 0));
        return;
      }
      eb.send(address, body || {}, {}, function (err, reply) {
        if (err) {
          reject(bridgeError(err));
        } else {
          resolve(reply.body);
        }
      });
    });
  };

  /**
   * Listens to address for good: handler(event, body) for each event, onrefused(error) if the
   * gateway refuses or takes the address away. lastSeq(), if given, is the last seq the page has;
   * each register after a reconnect sends it, and the gateway replays what came after it.
   */
  Connection.prototype.subscribe = function (address, handler, lastSeq, onrefused) {
    var subscription = {
      lastSeq: lastSeq,
      callback: function (err, message) {
        if (err) {
          if (onrefused) {
            onrefused(bridgeError(err));
          }
        } else {
          handler(message.headers && message.headers.event, message.body);
        }
      }
    };
    this.unsubscribe(address);
    this.subscriptions[address] = subscription;
    if (this.isOpen()) {
      this.register(address, subscription);
    }
  };

  Connection.prototype.register = function (address, subscription) {
    var headers = {};
    var seq = subscription.lastSeq ? subscription.lastSeq() : null;
    if (typeof seq === 'number' && seq > 0) {
      headers.lastSeq = seq;
    }
    this.eb.registerHandler(address, headers, subscription.callback);
  };

  Connection.prototype.unsubscribe = function (address) {
    var subscription = this.subscriptions[address];
    delete this.subscriptions[address];
    if (subscription && this.isOpen() && this.eb.handlers[address]) {
      this.eb.unregisterHandler(address, subscription.callback);
    }
  };

  Connection.prototype.close = function () {
    this.ended = true;
    if (this.eb) {
      this.eb.close();
    }
  };

  /**
   * Messages of one room or ticket, by id, so a replay or a page of history that overlaps what
   * is shown adds nothing twice; ordered by seq, as events from several nodes may arrive out of it.
   */
  function MessageLog() {
    this.byId = {};
    this.lastSeq = 0;
    this.firstSeq = 0;
  }
  /** Adds a message; false when it was there already. */
  MessageLog.prototype.add = function (message) {
    if (!message || !message.id || this.byId[message.id]) {
      return false;
    }
    this.byId[message.id] = message;
    if (message.seq > this.lastSeq) {
      this.lastSeq = message.seq;
    }
    if (!this.firstSeq || message.seq < this.firstSeq) {
      this.firstSeq = message.seq;
    }
    return true;
  };

  /** An element with attributes and children (text or nodes); text is always set as text, never as HTML. */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === true) {
        node.setAttribute(name, '');
      } else if (value !== false && value !== null && value !== undefined) {
        node.setAttribute(name, String(value));
      }
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
      }
    });
    return node;
  }

  function clock(instant) {
    var date = new Date(instant);
    return isNaN(date) ? '' : date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
  }

  /**
   * A message as a list item. An internal note says so in words, not only in colour, and carries
   * the class sb-internal; text goes in with dir="auto", so Persian or Arabic reads right to left.
   */
  function messageItem(message, selfId) {
    var internal = message.isInternal === true;
    var mine = message.senderId === selfId;
    var classes = ['sb-msg', 'sb-from-' + (message.senderType || 'member')];
    if (internal) {
      classes.push('sb-internal');
    }
    if (mine) {
      classes.push('sb-mine');
    }
    return el('li', {'class': classes.join(' '), 'data-id': message.id, 'data-seq': message.seq}, [
      internal ? el('p', {'class': 'sb-note-label'}, 'Internal note: only staff see this') : null,
      el('p', {'class': 'sb-meta'}, [
        el('span', {'class': 'sb-who', dir: 'auto'}, mine ? 'You' : message.senderName || message.senderId), ' ',
        el('time', {datetime: message.createdAt}, clock(message.createdAt))]),
      el('p', {'class': 'sb-body', dir: 'auto'}, message.body)]);
  }

  /** Puts item into list in seq order. */
  function insertBySeq(list, item) {
    var seq = Number(item.getAttribute('data-seq'));
    var children = list.children;
    for (var i = 0; i < children.length; i++) {
      if (Number(children[i].getAttribute('data-seq')) > seq) {
        list.insertBefore(item, children[i]);
        return;
      }
    }
    list.appendChild(item);
  }

  /** Who is typing, shown in element; someone whose "stopped" was lost is dropped after a while. */
  function TypingLine(element, selfId) {
    this.element = element;
    this.selfId = selfId;
    this.typists = {};
  }
  TypingLine.STALE_MS = 10000;
  TypingLine.prototype.update = function (event) {
    var self = this;
    if (!event || event.userId === this.selfId) {
      return;
    }
    var previous = this.typists[event.userId];
    if (previous) {
      clearTimeout(previous.timer);
      delete this.typists[event.userId];
    }
    if (event.isTyping) {
      this.typists[event.userId] = {
        name: event.userName || event.userId,
        note: event.isInternal === true,
        timer: setTimeout(function () {
          self.update({userId: event.userId, isTyping: false});
        }, TypingLine.STALE_MS)
      };
    }
    this.render();
  };
  TypingLine.prototype.render = function () {
    var typists = this.typists;
    var lines = Object.keys(typists).map(function (id) {
      return typists[id].name + (typists[id].note ? ' is writing an internal note…' : ' is typing…');
    });
    this.element.textContent = lines.join(' ');
  };

  /**
   * Tells the room or ticket when this user starts and stops typing: send(isTyping, isInternal).
   * It stops by itself after a pause, and when the text is sent or emptied.
   */
  function TypingSender(send) {
    this.send = send;
    this.active = false;
    this.internal = false;
    this.timer = null;
  }
  TypingSender.PAUSE_MS = 3000;
  TypingSender.prototype.input = function (hasText, internal) {
    var self = this;
    if (!hasText) {
      this.stop();
      return;
    }
    if (this.active && this.internal !== internal) {
      this.stop();
    }
    if (!this.active) {
      this.active = true;
      this.internal = internal;
      this.send(true, internal);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.stop();
    }, TypingSender.PAUSE_MS);
  };
  TypingSender.prototype.stop = function () {
    clearTimeout(this.timer);
    if (this.active) {
      this.active = false;
      this.send(false, this.internal);
    }
  };

  global.Switchboard = {
    el: el,
    clock: clock,
    messageItem: messageItem,
    insertBySeq: insertBySeq,
    TypingLine: TypingLine,
    TypingSender: TypingSender,
    Api: Api,
    ApiError: ApiError,
    Connection: Connection,
    MessageLog: MessageLog,
    claims: claims,
    query: query
  };
})(window);
