/*
 * The agent inbox: tickets (filtered, live, with unread counts), one open ticket or team room at a
 * time (history paged back, send, internal notes, typing, who is there, ticket controls), the
 * agent's own status and notifications. Every list is read again after a reconnect; the open
 * ticket or room is registered again with its last seq, so the gateway replays what was missed.
 */
(function () {
  'use strict';
  var S = window.Switchboard;
  var el = S.el;
  var byId = Console.byId;
  var PAGE = 20;
  var STATUSES = ['OPEN', 'IN_PROGRESS', 'PENDING', 'RESOLVED', 'CLOSED'];
  var PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

  var session;
  var connection;
  var unread = {};
  var current = null;
  var refreshTimer = null;

  function words(constant) {
    return constant.charAt(0) + constant.slice(1).toLowerCase().replace('_', ' ');
  }

  function report(error) {
    Console.problem(error && error.message ? 'Could not do that: ' + error.message : '');
  }

  function start(given) {
    session = given;
    var mine = session.agents.filter(function (agent) {
      return agent.agentId === session.me.id;
    })[0];
    byId('my-status').value = mine ? mine.status : '';
    session.me.depts.forEach(function (dept) {
      byId('my-departments').appendChild(el('option', {value: dept}));
    });
    byId('my-status').addEventListener('change', setMyStatus);
    byId('filters').addEventListener('change', refreshSoon);
    byId('filters').addEventListener('submit', function (event) {
      event.preventDefault();
      refreshSoon();
    });
    byId('new-room').addEventListener('submit', createRoom);
    byId('notifications-button').addEventListener('click', toggleNotifications);
    byId('notifications-read').addEventListener('click', function () {
      connection.request('notifications:mark-all-as-read', {}).then(loadNotifications, report);
    });
    connection = session.connect({onopen: opened});
    connection.subscribe('user:' + session.me.id, personal);
    connection.subscribe('support-chat:agents', staffChannel);
  }

  /** After each (re)connect: the lists and counts, which keep no log, are read again; the open pane joins again. */
  function opened() {
    Console.problem('');
    refresh();
    connection.request('notifications:get-unread-count', {}).then(function (reply) {
      showUnreadNotifications(reply.count);
    }, report);
    if (current) {
      current.join();
    }
  }

  function personal(event, body) {
    switch (event) {
      case 'unread-count':
        showUnreadNotifications(body.count);
        break;
      case 'notification:new':
      case 'marked-as-read':
      case 'marked-all-as-read':
        if (!byId('notifications').hidden) {
          loadNotifications();
        }
        break;
      case 'conversation_updated':
        if (body.readSeq !== undefined) {
          unread[body.conversation_id] = body.unread_count;
          renderUnread();
        } else {
          refreshSoon();
        }
        break;
      default:
        refreshSoon();
    }
  }

  function staffChannel(event, body) {
    if (event === 'support-chat:agent-status') {
      if (body.agentId === session.me.id) {
        byId('my-status').value = body.status === 'offline' ? 'offline' : body.status;
      }
      return;
    }
    refreshSoon();
  }

  function setMyStatus() {
    var status = byId('my-status').value;
    if (status) {
      connection.request('support-chat:agent-status', {status: status}).catch(report);
    }
  }

  // ----- lists

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 150);
  }

  function refresh() {
    var filters = {
      status: byId('filter-status').value,
      priority: byId('filter-priority').value,
      departmentId: byId('filter-department').value.trim(),
      assignedTo: byId('filter-mine').checked ? session.me.id : '',
      limit: 50
    };
    var tickets = session.api.get('/tickets' + S.query(filters));
    var conversations = connection.request('conversations:list', {limit: 100});
    Promise.all([tickets, conversations]).then(function (results) {
      unread = {};
      results[1].conversations.forEach(function (conversation) {
        unread[conversation.id] = conversation.unread_count;
      });
      renderTickets(results[0].tickets);
      renderRooms(results[1].conversations.filter(function (conversation) {
        return conversation.kind === 'room';
      }));
    }, report);
  }

  function listButton(kind, id, title, details) {
    var button = el('button', {type: 'button', 'class': 'item', 'data-kind': kind, 'data-id': id}, [
      el('span', {'class': 'title', dir: 'auto'}, title),
      el('span', {'class': 'details', dir: 'auto'}, details),
      el('span', {'class': 'badge unread', 'data-unread-for': id})]);
    if (current && current.id === id) {
      button.setAttribute('aria-current', 'true');
    }
    button.addEventListener('click', function () {
      (kind === 'ticket' ? openTicket : openRoom)(id);
    });
    return el('li', {}, button);
  }

  function renderTickets(tickets) {
    var list = byId('ticket-list');
    list.replaceChildren();
    if (!tickets.length) {
      list.appendChild(el('li', {'class': 'empty'}, 'No tickets match.'));
    }
    tickets.forEach(function (ticket) {
      list.appendChild(listButton('ticket', ticket.id, ticket.subject, [words(ticket.status), words(ticket.priority),
        ticket.customerName || ticket.customerId, ticket.assignedTo ? 'assigned to ' + ticket.assignedTo : 'unassigned']
        .join(' · ')));
    });
    renderUnread();
  }

  function renderRooms(rooms) {
    var list = byId('room-list');
    list.replaceChildren();
    if (!rooms.length) {
      list.appendChild(el('li', {'class': 'empty'}, 'No rooms yet.'));
    }
    rooms.forEach(function (room) {
      var last = room.last_message ? room.last_message.senderName + ': ' + room.last_message.body : 'No messages yet';
      list.appendChild(listButton('room', room.id, room.title, last));
    });
    renderUnread();
  }

  function renderUnread() {
    document.querySelectorAll('[data-unread-for]').forEach(function (badge) {
      var count = unread[badge.getAttribute('data-unread-for')] || 0;
      badge.textContent = count ? count + ' unread' : '';
      badge.hidden = !count;
    });
  }

  function createRoom(event) {
    event.preventDefault();
    var members = byId('room-members').value.split(',').map(function (id) {
      return id.trim();
    }).filter(Boolean);
    session.api.post('/rooms', {name: byId('room-name').value.trim(), members: members}).then(function (room) {
      byId('new-room').reset();
      refresh();
      openRoom(room.id);
    }, report);
  }

  // ----- notifications

  function showUnreadNotifications(count) {
    var badge = byId('notifications-count');
    badge.textContent = String(count);
    badge.setAttribute('data-count', String(count));
  }

  function toggleNotifications() {
    var panel = byId('notifications');
    panel.hidden = !panel.hidden;
    byId('notifications-button').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) {
      loadNotifications();
    }
  }

  function loadNotifications() {
    connection.request('notifications:list', {limit: 20}).then(function (reply) {
      var list = byId('notifications-list');
      list.replaceChildren();
      if (!reply.notifications.length) {
        list.appendChild(el('li', {'class': 'empty'}, 'Nothing yet.'));
      }
      reply.notifications.forEach(function (notification) {
        list.appendChild(el('li', {'class': notification.read ? 'read' : 'unread'}, [
          el('strong', {dir: 'auto'}, notification.title), ' ',
          notification.body ? el('span', {dir: 'auto'}, notification.body) : null, ' ',
          el('time', {datetime: notification.createdAt}, S.clock(notification.createdAt)),
          notification.read ? null : el('span', {'class': 'sr-only'}, ' (unread)')]));
      });
    }, report);
  }

  // ----- the pane: one ticket or room

  /**
   * What a ticket and a room share: the message log, history paged back over REST, the compose
   * form with typing, and listening with the last seq. kind says the rest: its addresses and fields.
   */
  function Pane(kind, id) {
    var self = this;
    this.kind = kind;
    this.id = id;
    this.field = kind === 'ticket' ? 'ticketId' : 'roomId';
    this.family = kind === 'ticket' ? 'support-chat:' : 'internal-chat:';
    this.log = new S.MessageLog();
    this.messages = el('ol', {id: 'messages', 'class': 'messages', role: 'log', 'aria-label': 'Messages'});
    this.typing = el('p', {id: 'typing', 'class': 'typing', 'aria-live': 'polite'});
    this.typingLine = new S.TypingLine(this.typing, session.me.id);
    this.typingSender = new S.TypingSender(function (isTyping, isInternal) {
      var request = {isTyping: isTyping};
      request[self.field] = self.id;
      if (kind === 'ticket') {
        request.isInternal = isInternal;
      }
      connection.request(self.family + 'typing', request).catch(function () {
        // typing is a hint; a lost one is not worth a warning
      });
    });
    this.older = el('button', {type: 'button', id: 'older', 'class': 'older'}, 'Show earlier messages');
    this.older.addEventListener('click', function () {
      self.loadOlder();
    });
  }

  Pane.prototype.address = function () {
    return this.family + this.id;
  };

  Pane.prototype.listen = function () {
    var self = this;
    connection.subscribe(this.address(), function (event, body) {
      self.event(event, body);
    }, function () {
      return self.log.lastSeq;
    }, function (error) {
      Console.problem('This ' + self.kind + ' is no longer open to you: ' + error.message);
    });
    if (connection.isOpen()) {
      this.join();
    }
  };

  Pane.prototype.join = function () {
    var self = this;
    var request = {};
    request[this.field] = this.id;
    connection.request(this.family + 'join', request).then(function (reply) {
      if (current !== self) {
        return;
      }
      self.joined(reply);
      reply.recent_messages.forEach(function (message) {
        self.add(message);
      });
      self.older.hidden = self.log.firstSeq <= 1;
      self.markRead();
    }, report);
  };

  Pane.prototype.add = function (message) {
    if (this.log.add(message)) {
      S.insertBySeq(this.messages, S.messageItem(message, session.me.id));
      this.typingLine.update({userId: message.senderId, isTyping: false});
      if (message.seq === this.log.lastSeq) {
        this.messages.lastElementChild.scrollIntoView({block: 'nearest'});
      }
    }
  };

  Pane.prototype.loadOlder = function () {
    var self = this;
    var path = this.kind === 'ticket' ? '/tickets/' : '/rooms/';
    session.api.get(path + encodeURIComponent(this.id) + '/messages' + S.query({before: this.log.firstSeq, limit: PAGE}))
      .then(function (page) {
        page.messages.forEach(function (message) {
          self.add(message);
        });
        self.older.hidden = page.messages.length < PAGE || self.log.firstSeq <= 1;
      }, report);
  };

  Pane.prototype.markRead = function () {
    var request = {};
    request[this.field] = this.id;
    connection.request('conversations:mark-read', request).catch(function () {
      // the unread count stays until the next mark; nothing the agent must act on
    });
  };

  Pane.prototype.event = function (event, body) {
    if (event === this.family + 'message') {
      this.add(body);
      this.markRead();
    } else if (event === this.family + 'typing') {
      this.typingLine.update(body);
    } else if (this.kind === 'ticket') {
      ticketEvent(this, event, body);
    }
  };

  Pane.prototype.send = function (text, internal) {
    var self = this;
    var request = {body: text, tempId: 'web-' + Date.now() + '-' + Math.random().toString(36).slice(2)};
    request[this.field] = this.id;
    if (this.kind === 'ticket') {
      request.isInternal = internal;
    }
    this.typingSender.stop();
    return connection.request(this.family + 'message', request).then(function (message) {
      self.add(message);
      // the sender is not told of their own message on their personal address; the lists move all the same
      refreshSoon();
    });
  };

  Pane.prototype.leave = function () {
    var request = {};
    request[this.field] = this.id;
    this.typingSender.stop();
    if (connection.isOpen()) {
      connection.request(this.family + 'leave', request).catch(function () {
        // leaving also happens when the connection closes
      });
    }
    connection.unsubscribe(this.address());
  };

  /** The compose form; for a ticket with the internal-note switch, which changes its look and words. */
  Pane.prototype.composer = function () {
    var self = this;
    var ticket = this.kind === 'ticket';
    var text = el('textarea', {id: 'compose-text', rows: 3, dir: 'auto', required: true});
    var label = el('label', {'for': 'compose-text', id: 'compose-label'}, ticket ? 'Reply to the customer' : 'Message');
    var internal = el('input', {type: 'checkbox', id: 'compose-internal'});
    var button = el('button', {type: 'submit', id: 'compose-send'}, 'Send');
    var form = el('form', {id: 'compose', 'class': 'compose'}, [label, text,
      ticket ? el('p', {'class': 'field check'}, [internal,
        el('label', {'for': 'compose-internal'}, 'Internal note (only staff see it)')]) : null,
      button]);
    function mode() {
      form.classList.toggle('internal', internal.checked);
      label.textContent = ticket ? (internal.checked ? 'Internal note, for staff only' : 'Reply to the customer') : 'Message';
      button.textContent = internal.checked ? 'Add internal note' : 'Send';
      self.typingSender.input(text.value.trim() !== '', internal.checked);
    }
    internal.addEventListener('change', mode);
    text.addEventListener('input', function () {
      self.typingSender.input(text.value.trim() !== '', internal.checked);
    });
    text.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = text.value.trim();
      if (!body) {
        return;
      }
      self.send(body, internal.checked).then(function () {
        text.value = '';
        Console.problem('');
      }, report);
    });
    return form;
  };

  function show(pane, header) {
    if (current) {
      current.leave();
    }
    current = pane;
    var section = byId('pane');
    section.replaceChildren(header, pane.older, pane.messages, pane.typing, pane.composer());
    document.querySelectorAll('.item[aria-current]').forEach(function (item) {
      item.removeAttribute('aria-current');
    });
    var item = document.querySelector('.item[data-id="' + CSS.escape(pane.id) + '"]');
    if (item) {
      item.setAttribute('aria-current', 'true');
    }
    pane.older.hidden = true;
    pane.listen();
    section.focus();
  }

  // ----- tickets

  function select(id, label, values, onChange) {
    var box = el('select', {id: id}, values.map(function (value) {
      return el('option', {value: value}, words(value));
    }));
    box.addEventListener('change', function () {
      onChange(box.value);
    });
    return el('p', {'class': 'field inline'}, [el('label', {'for': id}, label), box]);
  }

  function openTicket(id) {
    var pane = new Pane('ticket', id);
    function update(changes) {
      changes.ticketId = id;
      connection.request('support-chat:ticket-update', changes).then(function (ticket) {
        pane.joined({ticket: ticket});
      }, report);
    }
    var assignee = el('input', {id: 'ticket-assignee', autocomplete: 'off', size: 12});
    var assign = el('button', {type: 'button', id: 'ticket-assign'}, 'Assign');
    var assignMe = el('button', {type: 'button', id: 'ticket-assign-me'}, 'Assign to me');
    var unassign = el('button', {type: 'button', id: 'ticket-unassign'}, 'Unassign');
    assign.addEventListener('click', function () {
      update({assignedTo: assignee.value.trim() || null});
    });
    assignMe.addEventListener('click', function () {
      update({assignedTo: session.me.id});
    });
    unassign.addEventListener('click', function () {
      update({assignedTo: null});
    });
    var people = el('p', {id: 'ticket-people', 'class': 'people', 'aria-live': 'polite'});
    var about = el('p', {id: 'ticket-about', 'class': 'about', dir: 'auto'});
    var header = el('header', {'class': 'pane-head'}, [
      el('h2', {id: 'pane-title', dir: 'auto'}, 'Ticket'), about,
      el('div', {'class': 'controls'}, [
        select('ticket-status', 'Status', STATUSES, function (status) {
          update({status: status});
        }),
        select('ticket-priority', 'Priority', PRIORITIES, function (priority) {
          update({priority: priority});
        }),
        el('p', {'class': 'field inline'}, [el('label', {'for': 'ticket-assignee'}, 'Assigned to'), assignee, assign]),
        assignMe, unassign]),
      people]);
    pane.participants = {};
    pane.joined = function (reply) {
      if (reply.ticket) {
        pane.ticket = reply.ticket;
        var ticket = reply.ticket;
        byId('pane-title').textContent = ticket.subject;
        about.textContent = 'From ' + (ticket.customerName || ticket.customerId) + ' · opened '
          + new Date(ticket.createdAt).toLocaleString() + (ticket.departmentId ? ' · department ' + ticket.departmentId : '');
        byId('ticket-status').value = ticket.status;
        byId('ticket-priority').value = ticket.priority;
        assignee.value = ticket.assignedTo || '';
      }
      if (reply.participants) {
        pane.participants = {};
        reply.participants.forEach(function (participant) {
          pane.participants[participant.userId] = participant;
        });
        renderPeople(pane, people);
      }
    };
    pane.people = people;
    show(pane, header);
  }

  function renderPeople(pane, line) {
    var names = Object.keys(pane.participants).map(function (userId) {
      var participant = pane.participants[userId];
      return (participant.userName || userId) + ' (' + participant.userType + ')';
    });
    line.textContent = 'In this ticket now: ' + (names.length ? names.join(', ') : 'nobody');
  }

  function ticketEvent(pane, event, body) {
    if (event === 'support-chat:ticket-update') {
      var ticket = Object.assign({}, pane.ticket || {}, body);
      delete ticket.timestamp;
      pane.joined({ticket: ticket});
      refreshSoon();
    } else if (event === 'user_joined') {
      pane.participants[body.userId] = body;
      renderPeople(pane, pane.people);
    } else if (event === 'user_left') {
      delete pane.participants[body.userId];
      renderPeople(pane, pane.people);
    }
  }

  // ----- rooms

  function openRoom(id) {
    var pane = new Pane('room', id);
    var about = el('p', {id: 'room-about', 'class': 'about'});
    pane.joined = function (reply) {
      byId('pane-title').textContent = reply.name;
      about.textContent = reply.memberCount + ' members';
    };
    show(pane, el('header', {'class': 'pane-head'}, [el('h2', {id: 'pane-title', dir: 'auto'}, 'Room'), about]));
  }

  Console.boot({title: 'inbox', roles: ['agent', 'admin'], start: start});
})();
