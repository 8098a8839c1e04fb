// Seed 003 (Servana) replaced by Switchboard with the `servana` profile: the seed's documented web
// client (the token in an HTTP-only cookie, which a browser sends by itself: here a cookie header
// plays the browser) and mobile client (Authorization: Bearer in extraHeaders), on two nodes.
// Env: URL_A, URL_B, TRANSPORTS, TICKET (a chat group: a ticket of the client, in the agent's
// department), DEPT, COOKIE (name=token of the agent), TOKEN_CLIENT, TOKEN_ADMIN, REST_A,
// TOKEN_SERVICE, USER_AGENT, USER_CLIENT, FIRST_NAME (the agent's first name).
'use strict';
const { io } = require('socket.io-client');
const { env, checker, inbox, connected, untilHeard } = require('./common');

const { check, run } = checker();
const transports = env('TRANSPORTS').split(',');
const chatGroupId = env('TICKET');

async function main() {
  // Basic Connection (Web), as the seed writes it; the browser would send the cookie
  const socket = io(env('URL_A'), { withCredentials: true, transports, extraHeaders: { cookie: env('COOKIE') } });
  const agent = inbox(socket);
  await connected(socket);
  socket.emit('userOnline', { userId: 123, userType: 'agent' });
  const online = await agent.nextOf('userStatusUpdated');
  check('userOnline is confirmed with userStatusUpdated, for the token\'s user', online.status === 'online'
    && String(online.userId) === env('USER_AGENT') && typeof online.timestamp === 'string', online);

  // Mobile Implementation (React Native), as the seed writes it
  const mobile = io(env('URL_B'), { extraHeaders: { Authorization: `Bearer ${env('TOKEN_CLIENT')}` }, transports });
  const client = inbox(mobile);
  await connected(mobile);
  mobile.emit('userOnline', { userId: 456, userType: 'client' });
  await client.nextOf('userStatusUpdated');
  // the other node hears of the client a moment later, and tells the agent's socket
  for (let update = await agent.nextOf('onlineUsersUpdate', 10000); ;
    update = await agent.nextOf('onlineUsersUpdate', 10000)) {
    if (update.onlineUsers.some((u) => String(u.userId) === env('USER_CLIENT'))) break;
  }
  check('onlineUsersUpdate tells the agent that the client came online', true);

  socket.emit('getOnlineUsers');
  const users = await agent.nextOf('onlineUsersList');
  check('getOnlineUsers answers onlineUsersList with both users', Array.isArray(users)
    && [env('USER_AGENT'), env('USER_CLIENT')].every((id) => users.some((u) => String(u.userId) === id)), users);

  // Chat Implementation
  socket.emit('joinChatGroup', { groupId: chatGroupId, userType: 'agent', userId: 123 });
  const joined = await agent.nextOf('joinedRoom');
  check('joinedRoom {chatGroupId, roomInfo {status, memberCount}}', String(joined.chatGroupId) === chatGroupId
    && joined.roomInfo.status === 'active' && joined.roomInfo.memberCount === 1, joined);

  const notIn = new Promise((resolve) => mobile.once('error', resolve));
  mobile.emit('sendMessage', { message: 'not in the room yet', chatGroupId, clientId: 456 });
  const error = await notIn;
  check('a message from outside the room is refused: the sender must be in it', error.code === 'ACCESS_DENIED', error);

  mobile.emit('joinChatGroup', { groupId: chatGroupId, userType: 'client', userId: 456 });
  await client.nextOf('joinedRoom');
  const arrived = await agent.nextOf('userJoined');
  check('userJoined tells the room who came', arrived.userType === 'client' && String(arrived.chatGroupId) === chatGroupId
    && String(arrived.userId) === env('USER_CLIENT'), arrived);
  // the client joined on node B; node A learns of that subscription a moment later
  await untilHeard(() => socket.emit('stopTyping', { chatGroupId, userType: 'agent', userId: 123 }), client, 'stopTyping');

  socket.emit('sendMessage', { message: 'Hello, how can I help you?', chatGroupId, clientId: 456 });
  const message = await client.nextOf('receiveMessage');
  check('receiveMessage in the seed\'s snake_case with the sender\'s profile', message.chat_message === 'Hello, how can I help you?'
    && message.sender_type === 'agent' && String(message.chatGroupId) === chatGroupId
    && message.sender.profile.prof_firstname === env('FIRST_NAME') && typeof message.chat_created_at === 'string', message);
  const echoed = await agent.nextOf('receiveMessage');
  check('the sender gets its message too', echoed.chat_id === message.chat_id, echoed);
  const groups = await client.nextOf('updateChatGroups');
  check('updateChatGroups tells the client to refresh its list', groups.action === 'new_message'
    && String(groups.chatGroupId) === chatGroupId, groups);

  mobile.emit('sendMessage', { message: 'my printer', chatGroupId, clientId: 456 });
  const sorted = await agent.nextOf('customerListUpdate');
  check('a client\'s message moves its group up the agents\' list', sorted.action === 'sort'
    && String(sorted.chatGroupId) === chatGroupId, sorted);

  mobile.emit('typing', { chatGroupId, userType: 'client', userId: 456 });
  const typing = await agent.nextOf('typing');
  check('typing', typing.isTyping === true && typing.userType === 'client', typing);
  mobile.emit('stopTyping', { chatGroupId, userType: 'client', userId: 456 });
  const stopped = await agent.nextOf('stopTyping');
  check('stopTyping', stopped.isTyping === false, stopped);

  // A broadcast to the agent's department reaches it: agents sit in their departments' rooms
  const announced = agent.nextOf('dept-announcement');
  const response = await fetch(`${env('REST_A')}/broadcast`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env('TOKEN_SERVICE')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'department', id: env('DEPT'), event: 'dept-announcement', data: { text: 'standup' } }),
  });
  check('a department broadcast is accepted', response.status === 202, response.status);
  check('the department\'s agent hears it', (await announced).text === 'standup');

  // Room Statistics (admin only)
  const admin = io(env('URL_B'), { extraHeaders: { Authorization: `Bearer ${env('TOKEN_ADMIN')}` }, transports });
  const adminEvents = inbox(admin);
  await connected(admin);
  admin.emit('getRoomStats');
  const stats = await adminEvents.nextOf('roomStatsUpdate');
  check('getRoomStats answers roomStatsUpdate for an admin', Number.isInteger(stats.totalRooms)
    && Number.isInteger(stats.activeRooms) && Number.isInteger(stats.totalUsers), stats);
  const denied = new Promise((resolve) => mobile.once('error', resolve));
  mobile.emit('getRoomStats');
  check('and refuses it to a client', (await denied).code === 'ACCESS_DENIED');

  socket.emit('leaveRoom', { chatGroupId });
  const left = await client.nextOf('userLeft');
  check('leaveRoom: the room hears userLeft', left.userType === 'agent', left);
  [socket, mobile, admin].forEach((s) => s.disconnect());
}

run('seed003-interop', main);
