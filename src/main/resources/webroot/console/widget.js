/*
 * The customer widget. One line on any page:
 *   <script src="https://gateway.example/console/widget.js" data-token="CUSTOMER_TOKEN"></script>
 * adds a chat bubble; the customer opens a ticket, chats, and sees when an agent types. The
 * gateway never sends a customer an internal note, so none can show here. The page's origin must
 * be in SWITCHBOARD_CORS_ORIGINS: the widget calls the gateway's REST API and SockJS from it.
 * Its markup lives in a shadow root, so the page's styles and the widget's leave each other alone.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL(script.src, location.href).origin;
  var token = script.getAttribute('data-token') || '';
  var title = script.getAttribute('data-title') || 'Support';

  var STYLE = [
    ':host { all: initial; font: 100%/1.5 system-ui, sans-serif; color: #1b1b1b; }',
    '.bubble { position: fixed; inset-block-end: 1rem; inset-inline-end: 1rem; z-index: 2147483000; font: inherit;',
    '  font-weight: 600; padding: .75rem 1.25rem; border: 0; border-radius: 2rem; background: #1d4ed8; color: #fff; cursor: pointer; }',
    '.bubble:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }',
    '.count { margin-inline-start: .5rem; background: #fff; color: #1d4ed8; border-radius: 1rem; padding: 0 .5rem; }',
    '.panel { position: fixed; inset-block-end: 4.5rem; inset-inline-end: 1rem; z-index: 2147483000; width: min(24rem, calc(100vw - 2rem));',
    '  max-height: calc(100vh - 6rem); display: flex; flex-direction: column; background: #fff; border: 1px solid #9ca3af;',
    '  border-radius: .75rem; box-shadow: 0 .5rem 2rem rgba(0,0,0,.25); overflow: hidden; }',
    '.panel[hidden] { display: none; }',
    'header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; padding: .5rem .75rem; background: #1d4ed8; color: #fff; }',
    'h2 { font-size: 1.1rem; margin: 0; flex: 1; }',
    'header p { margin: 0; font-size: .9rem; }',
    '.close { font: inherit; background: transparent; color: #fff; border: 1px solid #fff; border-radius: .25rem; cursor: pointer; }',
    '.body { padding: .75rem; overflow: auto; flex: 1; }',
    '.connection { font-size: .85rem; color: #374151; margin: 0 0 .5rem; }',
    '.connection[data-state="ended"] { color: #b91c1c; font-weight: 600; }',
    'label { display: block; font-weight: 600; margin-block: .5rem .25rem; }',
    'input, textarea { box-sizing: border-box; width: 100%; font: inherit; padding: .4rem; border: 1px solid #6b7280; border-radius: .25rem; }',
    'form button { font: inherit; margin-block-start: .5rem; padding: .4rem 1rem; border: 0; border-radius: .25rem; background: #1d4ed8; color: #fff; cursor: pointer; }',
    'ol { list-style: none; margin: 0; padding: 0; }',
    '.sb-msg { margin: .5rem 0; padding: .4rem .6rem; border-radius: .5rem; background: #f3f4f6; max-width: 85%; }',
    '.sb-mine { margin-inline-start: auto; background: #dbeafe; }',
    '.sb-meta { margin: 0; font-size: .8rem; color: #4b5563; }',
    '.sb-body { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }',
    '.typing { min-height: 1.5em; font-size: .85rem; font-style: italic; color: #374151; margin: .25rem 0; }',
    '.problem { color: #b91c1c; }'
  ].join('\n');

  var host = document.createElement('div');
  host.id = 'switchboard-widget';
  var root = host.attachShadow({mode: 'open'});

  function start() {
    var S = window.Switchboard;
    var el = S.el;
    var claims = S.claims(token) || {};
    var me = String(claims.sub || '');
    var api = new S.Api(base, token);
    var unreadWhileClosed = 0;
    var ticket = null;
    var log = new S.MessageLog();

    var count = el('span', {'class': 'count', hidden: true});
    var bubble = el('button', {type: 'button', 'class': 'bubble', id: 'sbw-bubble', 'aria-expanded': 'false',
      'aria-controls': 'sbw-panel'}, ['Chat with us', count]);
    var status = el('p', {id: 'sbw-status', role: 'status'});
    var close = el('button', {type: 'button', 'class': 'close', 'aria-label': 'Close the chat'}, '×');
    var connectionLine = el('p', {'class': 'connection', id: 'sbw-connection', role: 'status'});
    var problem = el('p', {'class': 'problem', id: 'sbw-problem', role: 'alert'});
    var subject = el('input', {id: 'sbw-subject', required: true, dir: 'auto', autocomplete: 'off'});
    var first = el('textarea', {id: 'sbw-first', rows: 3, required: true, dir: 'auto'});
    var startForm = el('form', {id: 'sbw-start'}, [
      el('p', {}, 'Tell us what you need, and an agent will answer here.'),
      el('label', {'for': 'sbw-subject'}, 'Subject'), subject,
      el('label', {'for': 'sbw-first'}, 'Your message'), first,
      el('button', {type: 'submit', id: 'sbw-open'}, 'Start the chat')]);
    var messages = el('ol', {id: 'sbw-messages', role: 'log', 'aria-label': 'Messages'});
    var typing = el('p', {'class': 'typing', id: 'sbw-typing', 'aria-live': 'polite'});
    var text = el('textarea', {id: 'sbw-text', rows: 2, required: true, dir: 'auto'});
    var compose = el('form', {id: 'sbw-compose'}, [el('label', {'for': 'sbw-text'}, 'Your message'), text,
      el('button', {type: 'submit', id: 'sbw-send'}, 'Send')]);
    var chat = el('div', {id: 'sbw-chat', hidden: true}, [messages, typing, compose]);
    var panel = el('section', {'class': 'panel', id: 'sbw-panel', role: 'dialog', 'aria-labelledby': 'sbw-title', hidden: true}, [
      el('header', {}, [el('h2', {id: 'sbw-title', dir: 'auto'}, title), status, close]),
      el('div', {'class': 'body'}, [connectionLine, problem, startForm, chat])]);
    root.append(el('style', {}, STYLE), bubble, panel);

    var typingLine = new S.TypingLine(typing, me);
    var typingSender = new S.TypingSender(function (isTyping) {
      if (ticket) {
        connection.request('support-chat:typing', {ticketId: ticket.id, isTyping: isTyping}).catch(function () {
          // typing is a hint; a lost one is not worth a warning
        });
      }
    });

    function words(constant) {
      return constant.charAt(0) + constant.slice(1).toLowerCase().replace('_', ' ');
    }

    function say(error) {
      problem.textContent = error ? 'Sorry, that did not work: ' + error.message : '';
    }

    function toggle(open) {
      panel.hidden = !open;
      bubble.setAttribute('aria-expanded', String(open));
      if (open) {
        unreadWhileClosed = 0;
        count.hidden = true;
        (ticket ? text : subject).focus();
      } else {
        bubble.focus();
      }
    }

    function add(message) {
      if (log.add(message)) {
        S.insertBySeq(messages, S.messageItem(message, me));
        typingLine.update({userId: message.senderId, isTyping: false});
        messages.lastElementChild.scrollIntoView({block: 'nearest'});
        if (panel.hidden && message.senderId !== me) {
          unreadWhileClosed++;
          count.textContent = String(unreadWhileClosed);
          count.hidden = false;
        }
      }
    }

    function showTicket(value) {
      ticket = value;
      status.textContent = 'Status: ' + words(ticket.status);
      status.setAttribute('data-status', ticket.status);
      startForm.hidden = true;
      chat.hidden = false;
    }

    /** Listens to the ticket (replaying what came after the last seq shown), then joins it for its latest messages. */
    function follow(value) {
      showTicket(value);
      connection.subscribe('support-chat:' + ticket.id, function (event, body) {
        if (event === 'support-chat:message') {
          add(body);
        } else if (event === 'support-chat:typing') {
          typingLine.update(body);
        } else if (event === 'support-chat:ticket-update' && body.status) {
          showTicket(Object.assign({}, ticket, {status: body.status}));
        }
      }, function () {
        return log.lastSeq;
      }, say);
      if (connection.isOpen()) {
        join();
      }
    }

    function join() {
      connection.request('support-chat:join', {ticketId: ticket.id}).then(function (reply) {
        showTicket(reply.ticket);
        reply.recent_messages.forEach(add);
      }, say);
    }

    function send(body) {
      typingSender.stop();
      return connection.request('support-chat:message', {ticketId: ticket.id, body: body,
        tempId: 'widget-' + Date.now() + '-' + Math.random().toString(36).slice(2)}).then(add);
    }

    var connection = new S.Connection(base, token, {
      onstatus: function (state, line) {
        connectionLine.textContent = line;
        connectionLine.setAttribute('data-state', state);
        if (state === 'ended') {
          compose.hidden = true;
          startForm.hidden = true;
        }
      },
      onopen: function () {
        if (ticket) {
          join();
        }
      },
      onerror: say
    });

    bubble.addEventListener('click', function () {
      toggle(panel.hidden);
    });
    close.addEventListener('click', function () {
      toggle(false);
    });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        toggle(false);
      }
    });
    startForm.addEventListener('submit', function (event) {
      event.preventDefault();
      api.post('/tickets', {subject: subject.value.trim()}).then(function (created) {
        follow(created);
        return send(first.value.trim());
      }).then(function () {
        first.value = '';
        say(null);
        text.focus();
      }, function (error) {
        if (ticket) {
          // the ticket is open; what could not be sent waits in the chat's own box
          text.value = first.value;
        }
        say(error);
      });
    });
    text.addEventListener('input', function () {
      typingSender.input(text.value.trim() !== '', false);
    });
    text.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        compose.requestSubmit();
      }
    });
    compose.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = text.value.trim();
      if (body) {
        send(body).then(function () {
          text.value = '';
          say(null);
        }, say);
      }
    });

    // the customer's latest ticket that is not closed, if any, is where the chat goes on
    api.get('/tickets?limit=20').then(function (page) {
      var open = page.tickets.filter(function (candidate) {
        return candidate.status !== 'CLOSED';
      })[0];
      if (open) {
        follow(open);
      }
    }, say);
  }

  function load(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = base + '/console/' + src;
      tag.onload = resolve;
      tag.onerror = function () {
        reject(new Error('could not load ' + tag.src));
      };
      document.head.appendChild(tag);
    });
  }

  function mount() {
    document.body.appendChild(host);
    (window.SockJS ? Promise.resolve() : load('vendor/sockjs.min.js'))
      .then(function () {
        return window.EventBus ? null : load('vendor/vertx-eventbus.js');
      })
      .then(function () {
        return window.Switchboard ? null : load('client.js');
      })
      .then(start, function (error) {
        root.textContent = 'The support chat could not load: ' + error.message;
      });
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener('DOMContentLoaded', mount);
  }
})();
