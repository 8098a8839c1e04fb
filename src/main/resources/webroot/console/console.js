/*
 * What the console's pages share: signing in (a pasted token, ?token=, or the development sign-in
 * where the node offers it), the header's user and connection status, and signing out. A page
 * calls Console.boot({title, roles, start}); start(session) runs once the gateway took the token.
 */
(function (global) {
  'use strict';
  var S = global.Switchboard;
  var el = S.el;
  var STORAGE = 'switchboard.token';

  function byId(id) {
    return document.getElementById(id);
  }

  /** Shows text in the page's problem line (role=alert), or clears it. */
  function problem(text) {
    var line = byId('problem');
    line.textContent = text || '';
    line.hidden = !text;
  }

  function boot(page) {
    var params = new URLSearchParams(location.search);
    var given = params.get('token');
    if (given) {
      // out of the address bar, the history and any screenshot; kept for this tab only
      sessionStorage.setItem(STORAGE, given.trim());
      params.delete('token');
      history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
    }
    var token = sessionStorage.getItem(STORAGE);
    if (token) {
      signIn(page, token);
    } else {
      showSignIn(page);
    }
  }

  function signIn(page, token) {
    var claims = S.claims(token);
    if (!claims) {
      showSignIn(page, 'That is not a token: a token is three parts separated by dots.');
      return;
    }
    if (page.roles.indexOf(claims.role) < 0) {
      showSignIn(page, 'This page needs a token for the role ' + page.roles.join(' or ') + '; that token is for the role '
        + claims.role + '.');
      return;
    }
    var api = new S.Api(location.origin, token);
    api.get('/agents/status').then(function (statuses) {
      sessionStorage.setItem(STORAGE, token);
      byId('sign-in').hidden = true;
      byId('app').hidden = false;
      var me = {id: String(claims.sub), name: String(claims.name || claims.sub), role: claims.role,
        depts: (claims.depts || []).map(String)};
      byId('me').textContent = me.name + ' (' + me.role + ')';
      byId('me').setAttribute('dir', 'auto');
      byId('sign-out').addEventListener('click', function () {
        sessionStorage.removeItem(STORAGE);
        location.reload();
      });
      page.start({
        api: api, me: me, token: token, agents: statuses.agents || [],
        connect: function (options) {
          return new S.Connection(location.origin, token, {
            onopen: options.onopen,
            onerror: function (error) {
              problem(error.toString());
            },
            onstatus: function (state, text) {
              var line = byId('connection');
              line.textContent = text;
              line.setAttribute('data-state', state);
            }
          });
        }
      });
    }, function (error) {
      sessionStorage.removeItem(STORAGE);
      showSignIn(page, 'The gateway did not take that token: ' + error.message);
    });
  }

  /** The sign-in form; the development sign-in only if the node says it verifies with the development secret. */
  function showSignIn(page, why) {
    var section = byId('sign-in');
    section.hidden = false;
    byId('app').hidden = true;
    section.replaceChildren();
    var tokenInput = el('textarea', {id: 'token-input', rows: 4, required: true, spellcheck: 'false', autocomplete: 'off'});
    var tokenForm = el('form', {id: 'token-form'}, [
      el('label', {'for': 'token-input'}, 'Token'), tokenInput,
      el('p', {'class': 'hint', id: 'token-hint'}, ['Paste a token from your identity provider, or one printed by ',
        el('code', {}, 'java -jar target/switchboard.jar token --sub 7 --role ' + page.roles[0]), '.']),
      el('button', {type: 'submit'}, 'Sign in')]);
    tokenInput.setAttribute('aria-describedby', 'token-hint');
    section.append(el('h1', {}, 'Sign in to the Switchboard ' + page.title),
      el('p', {id: 'sign-in-problem', role: 'alert'}, why || ''), tokenForm);
    tokenForm.addEventListener('submit', function (event) {
      event.preventDefault();
      signIn(page, tokenInput.value.trim());
    });
    fetch(location.origin + '/console/dev-token').then(function (response) {
      if (response.ok) {
        section.append(developmentSignIn(page));
      }
    }, function () {
      // no answer: no development sign-in to offer
    });
  }

  function developmentSignIn(page) {
    var role = page.roles[0];
    var sub = el('input', {id: 'dev-sub', value: 'dev-' + role, required: true, autocomplete: 'off'});
    var name = el('input', {id: 'dev-name', value: 'Dev ' + role.charAt(0).toUpperCase() + role.slice(1), autocomplete: 'off', dir: 'auto'});
    var form = el('form', {id: 'dev-form'}, [
      el('p', {'class': 'field'}, [el('label', {'for': 'dev-sub'}, 'User id'), sub]),
      el('p', {'class': 'field'}, [el('label', {'for': 'dev-name'}, 'Name'), name]),
      el('button', {type: 'submit', id: 'dev-button'}, 'Sign in as a development ' + role)]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      fetch(location.origin + '/console/dev-token', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({sub: sub.value.trim(), name: name.value.trim() || undefined, role: role})})
        .then(function (response) {
          return response.json().then(function (json) {
            if (!response.ok) {
              throw new S.ApiError(json.error.code, json.error.message, response.status);
            }
            signIn(page, json.token);
          });
        }).catch(function (error) {
          byId('sign-in-problem').textContent = 'Development sign-in failed: ' + error.message;
        });
    });
    return el('section', {id: 'dev-sign-in', 'class': 'development', 'aria-labelledby': 'dev-heading'}, [
      el('h2', {id: 'dev-heading'}, 'Development sign-in'),
      el('p', {'class': 'warning'}, 'This node verifies tokens with the development secret that ships in'
        + ' conf/config.json. That secret is public, so anyone can sign in as anyone here. Set'
        + ' SWITCHBOARD_JWT_PUBLIC_KEY or SWITCHBOARD_JWT_JWKS_URL before real use.'),
      form]);
  }

  global.Console = {boot: boot, problem: problem, byId: byId};
})(window);
