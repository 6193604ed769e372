// The console's entry point: health, the token, the live feed, and the tabs.
import { AuthError, readFeed, request, token } from './api.js';
import { renderCluster } from './cluster.js';
import { renderCaches } from './caches.js';
import { setCaches, setupKeys } from './keys.js';
import { addSample, renderTraffic } from './traffic.js';

const HEALTH_EVERY_MS = 3000;
const RECONNECT_AFTER_MS = 3000;
const CACHES_EVERY_MS = 15000;

const state = { report: null, samples: null, rates: new Map(), caches: [], cachesAt: 0, feed: null };

function setupTabs() {
  for (const button of document.querySelectorAll('nav button')) {
    button.addEventListener('click', () => {
      for (const other of document.querySelectorAll('nav button')) other.classList.toggle('active', other === button);
      for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== `tab-${button.dataset.tab}`;
      if (button.dataset.tab === 'traffic') renderTraffic();
    });
  }
  document.getElementById('traffic-scope').addEventListener('change', renderTraffic);
}

/** What /health/ready says; without a token it is all the page shows. */
async function pollHealth() {
  const badge = document.getElementById('node-health');
  try {
    const response = await fetch('/health/live', { cache: 'no-store' });
    const ready = await fetch('/health/ready', { cache: 'no-store' }).then((r) => r.json());
    badge.textContent = ready.status === 'UP'
      ? `this node: ready, sees ${ready.members} member(s)`
      : `this node: ${response.ok ? 'alive but' : ''} not ready (${ready.reason})`;
    badge.className = `badge ${ready.status === 'UP' ? 'up' : 'down'}`;
    if (ready.warning) badge.title = ready.warning;
  } catch {
    badge.textContent = 'this node does not answer';
    badge.className = 'badge down';
  }
  setTimeout(pollHealth, HEALTH_EVERY_MS);
}

function askForToken(message) {
  document.getElementById('auth').hidden = false;
  document.querySelector('main').hidden = true;
  if (message) document.getElementById('auth-message').textContent = message;
  document.getElementById('feed-state').textContent = 'no data without a token';
}

/** True when the error was the token's: the page then asks for it again. */
function handleAuthError(error) {
  if (!(error instanceof AuthError)) return false;
  token.clear();
  state.feed?.abort();
  askForToken(`The node refused the token (${error.message}). Give the right one to see the cluster.`);
  return true;
}

async function refreshCaches() {
  if (Date.now() - state.cachesAt < CACHES_EVERY_MS) return;
  state.cachesAt = Date.now();
  const answer = await request('GET', '/v1/caches');
  if (answer.ok) {
    state.caches = answer.body.caches;
    setCaches(state.caches.map((c) => c.name));
  }
}

function onEvent(name, data) {
  if (name === 'topology') {
    state.report = data;
  } else if (name === 'stats') {
    state.samples = data;
    state.rates = addSample(data);
    if (!document.getElementById('tab-traffic').hidden) renderTraffic();
    refreshCaches().catch(handleAuthError);
    renderCaches(state.caches, state.samples);
  }
  if (state.report) renderCluster(state.report, state.samples, state.rates);
  document.getElementById('feed-state').textContent = `live · updated ${new Date().toLocaleTimeString()}`;
}

async function follow() {
  document.getElementById('auth').hidden = true;
  document.querySelector('main').hidden = false;
  const feedState = document.getElementById('feed-state');
  for (;;) {
    state.feed = new AbortController();
    try {
      feedState.textContent = 'connecting…';
      await readFeed('/v1/console/events', onEvent, state.feed.signal);
      feedState.textContent = 'the feed ended; reconnecting…';
    } catch (error) {
      if (handleAuthError(error) || state.feed.signal.aborted) return;
      feedState.textContent = `feed lost (${error.message}); reconnecting…`;
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_AFTER_MS));
  }
}

async function start() {
  setupTabs();
  setupKeys(handleAuthError);
  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token.set(document.getElementById('token-input').value);
    state.cachesAt = 0;
    follow();
  });
  pollHealth();
  const access = await fetch('/console/access', { cache: 'no-store' }).then((r) => r.json());
  if (access.token_required && !token.get()) {
    askForToken();
  } else {
    follow();
  }
}

start();
