// Seed 001 (Fiko) replaced by Switchboard: the seed's documented FikoWebSocket class and its message
// handlers, as written but for the host, run in Node with the `ws` package standing in for the
// browser's WebSocket. An agent on node A and a customer on node B. Env: URL_A, URL_B (ws://host:port),
// TICKET (the customer's ticket, in the agent's department), TOKEN_AGENT / USER_AGENT,
// TOKEN_CUSTOMER / USER_CUSTOMER, TOKEN_EXPIRED (a token past its exp).
'use strict';
const WebSocket = require('ws');
const { env, checker, untilHeard } = require('./common');

global.WebSocket = WebSocket;
const { check, run } = checker();
const ticketId = env('TICKET');

// The seed's class, its host aside: each instance talks to the node its test gives it.
function fikoFor(host) {
  // ---- seed 001, "Basic Setup" and "Message Handlers", with wss://api.fiko.net replaced by ${host}
  class FikoWebSocket {
    constructor(token) {
      this.token = token;
      this.conversationsSocket = null;
      this.chatSocket = null;
      this.currentConversationId = null;
    }

    connectToConversations() {
      const wsUrl = `${host}/ws/conversations/?token=${this.token}`;
      this.conversationsSocket = new WebSocket(wsUrl);
      this.conversationsSocket.onopen = () => {
        console.log('✅ Connected to conversations');
        this.requestConversations();
      };
      this.conversationsSocket.onmessage = (event) => {
        this.handleConversationsMessage(JSON.parse(event.data));
      };
      this.conversationsSocket.onclose = () => {
        console.log('❌ Conversations connection closed');
        // Auto reconnect logic
        setTimeout(() => this.connectToConversations(), 3000);
      };
      this.conversationsSocket.onerror = (error) => {
        console.error('❌ Conversations WebSocket error:', error);
      };
    }

    connectToChat(conversationId) {
      if (this.chatSocket) {
        this.chatSocket.close();
      }
      this.currentConversationId = conversationId;
      const wsUrl = `${host}/ws/chat/${conversationId}/?token=${this.token}`;
      this.chatSocket = new WebSocket(wsUrl);
      this.chatSocket.onopen = () => {
        console.log(`✅ Connected to chat ${conversationId}`);
      };
      this.chatSocket.onmessage = (event) => {
        this.handleChatMessage(JSON.parse(event.data));
      };
      this.chatSocket.onclose = () => {
        console.log('❌ Chat connection closed');
      };
    }

    requestConversations() {
      if (this.conversationsSocket?.readyState === WebSocket.OPEN) {
        this.conversationsSocket.send(JSON.stringify({ type: 'get_conversations' }));
      }
    }

    sendMessage(content) {
      if (this.chatSocket?.readyState === WebSocket.OPEN) {
        this.chatSocket.send(JSON.stringify({ type: 'chat_message', content: content }));
      }
    }

    sendTyping(isTyping) {
      if (this.chatSocket?.readyState === WebSocket.OPEN) {
        this.chatSocket.send(JSON.stringify({ type: 'typing', is_typing: isTyping }));
      }
    }

    markAsRead() {
      if (this.chatSocket?.readyState === WebSocket.OPEN) {
        this.chatSocket.send(JSON.stringify({ type: 'mark_read' }));
      }
    }

    handleConversationsMessage(data) {
      switch (data.type) {
        case 'conversations_list':
          this.updateConversationsList(data.conversations);
          break;
        case 'new_customer_message':
          this.showNotification('پیام جدید دریافت شد!');
          this.updateConversationInList(data.conversation_id);
          this.playNotificationSound();
          break;
        case 'conversation_updated':
          this.refreshConversation(data.conversation_id);
          break;
        case 'error':
          this.showError(data.error);
          break;
      }
    }

    handleChatMessage(data) {
      switch (data.type) {
        case 'recent_messages':
          this.loadRecentMessages(data.messages);
          break;
        case 'chat_message':
          this.addMessageToChat(data.message);
          this.scrollToBottom();
          break;
        case 'typing_indicator':
          this.showTypingIndicator(data.username, data.is_typing);
          break;
        case 'user_presence':
          this.updateUserPresence(data.user_id, data.is_online);
          break;
        case 'messages_read':
          this.markMessagesAsRead(data.user_id);
          break;
        case 'error':
          this.showError(data.error);
          break;
      }
    }
  }
  // ---- end of seed 001's code
  return FikoWebSocket;
}

// The UI methods the seed's handlers call, recording what they were given, in order.
const UI = ['updateConversationsList', 'showNotification', 'updateConversationInList', 'playNotificationSound',
  'refreshConversation', 'showError', 'loadRecentMessages', 'addMessageToChat', 'scrollToBottom',
  'showTypingIndicator', 'updateUserPresence', 'markMessagesAsRead'];

function client(host, token) {
  const Fiko = fikoFor(host);
  const fiko = new Fiko(token);
  const calls = [];
  const waiters = [];
  for (const name of UI) {
    fiko[name] = (...args) => {
      const call = { name, args };
      const waiter = waiters.findIndex((w) => w.name === name);
      if (waiter >= 0) waiters.splice(waiter, 1)[0].resolve(args); else calls.push(call);
    };
  }
  // the next call of a UI method, in order of arrival; calls of other methods wait their turn
  fiko.next = (name, ms = 5000) => new Promise((resolve, reject) => {
    const found = calls.findIndex((c) => c.name === name);
    if (found >= 0) return resolve(calls.splice(found, 1)[0].args);
    const timer = setTimeout(() => reject(new Error(`${name} not called within ${ms} ms`)), ms);
    waiters.push({ name, resolve: (args) => { clearTimeout(timer); resolve(args); } });
  });
  return fiko;
}

function opened(socket) {
  return new Promise((resolve, reject) => {
    if (socket.readyState === WebSocket.OPEN) return resolve();
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', reject);
  });
}

function closedWith(socket) {
  return new Promise((resolve) => socket.addEventListener('close', (event) => resolve(event)));
}

async function main() {
  const agent = client(env('URL_A'), env('TOKEN_AGENT'));
  const customer = client(env('URL_B'), env('TOKEN_CUSTOMER'));

  agent.connectToConversations();
  const [list] = await agent.next('updateConversationsList');
  const listed = list.find((c) => c.id === ticketId);
  check('conversations_list on open has the ticket with its customer, source and ISO dates',
    listed && listed.source === 'web' && listed.customer.id === env('USER_CUSTOMER') && listed.customer.first_name === 'User'
      && typeof listed.unread_count === 'number' && /Z$/.test(listed.created_at), listed);

  customer.connectToConversations();
  await customer.next('updateConversationsList');
  customer.connectToChat(ticketId);
  const [recent] = await customer.next('loadRecentMessages');
  check('recent_messages on opening a chat', Array.isArray(recent), recent);

  agent.connectToChat(ticketId);
  await agent.next('loadRecentMessages');
  const [who, online] = await customer.next('updateUserPresence');
  check('user_presence: the agent came online in the chat, across nodes', who === env('USER_AGENT') && online === true, { who, online });
  // node B learns of the agent's subscription a moment after the agent opened the chat (protocol.md §9)
  await untilHeard(() => customer.sendTyping(false), { nextOf: agent.next }, 'showTypingIndicator');

  customer.sendMessage('سلام، سفارشم نرسیده');
  const [seen] = await agent.next('addMessageToChat');
  check('chat_message reaches the agent on the other node, typed customer with the customer\'s name',
    seen.content === 'سلام، سفارشم نرسیده' && seen.type === 'customer' && seen.customer.first_name === 'User', seen);
  const [own] = await customer.next('addMessageToChat');
  check('the sender gets its own chat_message back, as seed 001 shows it', own.id === seen.id, own);
  const [notified] = await agent.next('showNotification');
  const [updatedIn] = await agent.next('updateConversationInList');
  check('new_customer_message tells the agent\'s list', typeof notified === 'string' && updatedIn === ticketId, updatedIn);

  agent.sendTyping(true);
  const [typist, typing] = await customer.next('showTypingIndicator');
  check('typing_indicator with the agent\'s name', typist === `User ${env('USER_AGENT')}` && typing === true, { typist, typing });

  agent.sendMessage('در حال بررسی هستیم');
  const [reply] = await customer.next('addMessageToChat');
  check('the agent\'s reply reaches the customer typed support', reply.type === 'support' && reply.content === 'در حال بررسی هستیم', reply);
  const [refreshed] = await customer.next('refreshConversation');
  check('conversation_updated refreshes the customer\'s list', refreshed === ticketId, refreshed);

  customer.markAsRead();
  const [reader] = await agent.next('markMessagesAsRead');
  check('messages_read tells the agent who read', reader === env('USER_CUSTOMER'), reader);

  agent.requestConversations();
  const [again] = await agent.next('updateConversationsList');
  const entry = again.find((c) => c.id === ticketId);
  check('the list now has the last message and the agent\'s unread count',
    entry.last_message.content === 'در حال بررسی هستیم' && entry.last_message.type === 'support' && entry.unread_count === 1, entry);

  customer.sendMessage('   ');
  const [empty] = await customer.next('showError');
  check('an empty message: error "Message content cannot be empty"', empty === 'Message content cannot be empty', empty);

  const stranger = new WebSocket(`${env('URL_A')}/ws/chat/000000000000000000000000/?token=${env('TOKEN_AGENT')}`);
  const strangerErrors = [];
  stranger.onmessage = (event) => strangerErrors.push(JSON.parse(event.data));
  const gone = await closedWith(stranger);
  check('an unknown conversation: an error event, then close 4404',
    gone.code === 4404 && strangerErrors[0].type === 'error', { code: gone.code, strangerErrors });

  // seed 001's "Error Handling": a close with 1008 sends the user to the login page
  let redirected = false;
  const expired = new WebSocket(`${env('URL_B')}/ws/conversations/?token=${env('TOKEN_EXPIRED')}`);
  const refusal = await new Promise((resolve) => {
    expired.onclose = (event) => {
      if (event.code === 1008) {
        redirected = true; // this.redirectToLogin()
      }
      resolve(event);
    };
  });
  check('an expired token closes with 1008, so the client goes to its login page', redirected, { code: refusal.code, reason: String(refusal.reason) });

  const pinger = new WebSocket(`${env('URL_A')}/ws/conversations/?token=${env('TOKEN_AGENT')}`);
  await opened(pinger);
  const pong = new Promise((resolve) => pinger.once('pong', resolve));
  pinger.ping();
  await pong;
  check('a WebSocket ping is answered', true);
}

run('seed001-interop', main);
