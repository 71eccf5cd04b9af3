/**
 * The dashboard's only script besides htmx, served as /assets/app.js (the CSP forbids inline
 * script). It keeps the API token in sessionStorage and adds it as `Authorization: Bearer` to
 * htmx's requests. Why not a cookie: a cookie rides along with any cross-site form post, so it
 * would need CSRF tokens on top; a header only our own script can set is CSRF-proof by
 * construction, and sessionStorage dies with the tab. The strict CSP keeps injected script out.
 */
export const APP_JS = `'use strict';
(function () {
  var KEY = 'mxdoctor-token';
  function token() { try { return sessionStorage.getItem(KEY) || ''; } catch (e) { return ''; } }
  function byId(id) { return document.getElementById(id); }
  function showAuth() {
    var signedIn = token() !== '';
    var form = byId('login'), out = byId('logout'), state = byId('auth-state');
    if (form) form.classList.toggle('hidden', signedIn);
    if (out) out.classList.toggle('hidden', !signedIn);
    if (state) state.textContent = signedIn ? 'signed in' : 'read-only: sign in to act';
  }
  function say(target, cls, text) {
    if (!target) return;
    var p = document.createElement('p');
    p.className = cls;
    p.textContent = text;
    target.replaceChildren(p);
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || form.id !== 'login') return;
    event.preventDefault();
    var value = form.elements.token.value.trim();
    fetch('/api/v1/auth', { headers: { Authorization: 'Bearer ' + value } }).then(function (res) {
      if (res.status === 204) {
        sessionStorage.setItem(KEY, value);
        form.reset();
        say(byId('auth-msg'), 'notice', '');
      } else {
        say(byId('auth-msg'), 'error', 'that token was refused');
      }
      showAuth();
    });
  });
  document.addEventListener('click', function (event) {
    if (event.target && event.target.id === 'logout') {
      sessionStorage.removeItem(KEY);
      showAuth();
    }
  });
  document.addEventListener('htmx:configRequest', function (event) {
    var t = token();
    if (t) event.detail.headers.Authorization = 'Bearer ' + t;
  });
  // Errors come back as HTML fragments (a refused target, a body too large): show them.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var status = event.detail.xhr.status;
    if (status === 401) {
      event.detail.shouldSwap = false;
      say(event.detail.target, 'error', 'Sign in with the API token first (see where serve printed it).');
    } else if (status === 413 || status === 429 || (status >= 400 && status < 500)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener('htmx:sendError', function (event) {
    say(event.detail.target, 'error', 'The server did not answer.');
  });
  document.addEventListener('DOMContentLoaded', showAuth);
})();
`;
