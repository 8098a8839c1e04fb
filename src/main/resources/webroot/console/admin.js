/*
 * The admin page: the cluster's figures (GET /stats, then roomStatsUpdate on admin:stats at every
 * heartbeat), who is online (presence:online-users), and disconnecting a user everywhere
 * (DELETE /sessions/users/{id}, which also revokes the tokens the user had).
 */
(function () {
  'use strict';
  var S = window.Switchboard;
  var el = S.el;
  var byId = Console.byId;
  var session;
  var connection;

  function start(given) {
    session = given;
    connection = session.connect({onopen: opened});
    connection.subscribe('admin:stats', function (event, body) {
      showStats(body.nodes, body.totalConnections, body.totalRooms, body.activeRooms, body.totalUsers, body.timestamp);
    });
    connection.subscribe('presence:online-users', function (event, body) {
      showUsers(body.onlineUsers);
    });
  }

  /** Figures and the user list have no log to replay: read them again on every (re)connect. */
  function opened() {
    session.api.get('/stats').then(function (stats) {
      showStats(stats.nodes, stats.totalConnections, stats.rooms, stats.activeRooms, stats.users, stats.timestamp);
    }, report);
    connection.request('presence:get-online-users', {}).then(showUsers, report);
  }

  function report(error) {
    Console.problem('Could not do that: ' + error.message);
  }

  function showStats(nodes, connections, rooms, active, users, timestamp) {
    byId('stat-nodes').textContent = nodes;
    byId('stat-connections').textContent = connections;
    byId('stat-rooms').textContent = rooms;
    byId('stat-active').textContent = active;
    byId('stat-users').textContent = users;
    var time = byId('stat-time');
    time.textContent = new Date(timestamp).toLocaleTimeString();
    time.setAttribute('datetime', new Date(timestamp).toISOString());
  }

  /**
   * Updates the rows in place, keyed by user: the list is pushed again whenever anyone comes or
   * goes, and rebuilding it would drop a disconnect the admin is halfway through confirming.
   */
  function showUsers(users) {
    var body = byId('users');
    var online = {};
    users.forEach(function (user) { online[user.userId] = true; });
    // the rows of users still online stay, with whatever they show; the others and "Nobody" go
    var rows = {};
    Array.prototype.slice.call(body.children).forEach(function (row) {
      var userId = row.getAttribute('data-user');
      if (userId !== null && online.hasOwnProperty(userId)) {
        rows[userId] = row;
      } else {
        row.remove();
      }
    });
    if (!users.length) {
      body.appendChild(el('tr', {}, el('td', {colspan: 4}, 'Nobody is online.')));
    }
    users.forEach(function (user, index) {
      var row = rows[user.userId] || userRow(user.userId);
      row.children[1].textContent = user.userType;
      row.children[2].replaceChildren(el('time', {datetime: user.lastSeen}, new Date(user.lastSeen).toLocaleTimeString()));
      if (body.children[index] !== row) {
        body.insertBefore(row, body.children[index] || null);
      }
    });
  }

  function userRow(userId) {
    var action = el('td', {});
    action.appendChild(disconnectButton(userId, action));
    return el('tr', {'data-user': userId}, [el('th', {scope: 'row', dir: 'auto'}, userId), el('td', {}), el('td', {}), action]);
  }

  /** Disconnecting asks once more in place, as it also revokes every token the user has. */
  function disconnectButton(userId, cell) {
    var button = el('button', {type: 'button', 'class': 'danger', 'data-disconnect': userId}, ['Disconnect',
      el('span', {'class': 'sr-only'}, ' ' + userId)]);
    button.addEventListener('click', function () {
      var yes = el('button', {type: 'button', 'class': 'danger', 'data-confirm': userId}, 'Yes, disconnect ' + userId);
      var no = el('button', {type: 'button'}, 'Cancel');
      cell.replaceChildren(el('span', {}, 'Also signs them out everywhere. '), yes, ' ', no);
      yes.focus();
      no.addEventListener('click', function () {
        cell.replaceChildren(disconnectButton(userId, cell));
      });
      yes.addEventListener('click', function () {
        session.api.remove('/sessions/users/' + encodeURIComponent(userId)).then(function (reply) {
          byId('admin-result').textContent = 'Disconnected ' + reply.userId + ' (' + reply.connections + ' connections).';
        }, report);
      });
    });
    return button;
  }

  Console.boot({title: 'admin page', roles: ['admin'], start: start});
})();
