// The Keys section: look up, put, touch and delete one key through the HTTP key API.
import { request } from './api.js';
import { base64ToBytes, bytesToBase64, duration, el, shortId, showValue } from './format.js';

export function setupKeys(onAuthError) {
  const form = document.getElementById('key-form');
  const run = (action) => action().catch((error) => {
    if (!onAuthError(error)) show(el('p', { class: 'error' }, String(error.message ?? error)));
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(lookUp);
  });
  document.getElementById('key-put').addEventListener('click', () => run(put));
  document.getElementById('key-touch').addEventListener('click', () => run(touch));
  document.getElementById('key-delete').addEventListener('click', () => run(remove));
}

export function setCaches(names) {
  const select = document.getElementById('key-cache');
  const chosen = select.value;
  select.replaceChildren(...names.map((name) => new Option(name, name)));
  if (names.includes(chosen)) select.value = chosen;
}

function keyPath() {
  const cache = encodeURIComponent(document.getElementById('key-cache').value || 'default');
  const key = encodeURIComponent(document.getElementById('key-name').value);
  return `/v1/caches/${cache}/keys/${key}`;
}

function ttlMs() {
  return Math.max(0, Math.round(Number(document.getElementById('key-ttl').value || 0) * 1000));
}

function show(...nodes) {
  document.getElementById('key-result').replaceChildren(...nodes);
}

function failure(answer) {
  return el('p', { class: 'error', id: 'key-outcome' }, `${answer.body?.error ?? answer.status}: ${answer.body?.message ?? ''}`);
}

async function lookUp() {
  const [answer, placement] = await Promise.all([
    request('GET', keyPath()),
    request('GET', `/v1/console/placement/${encodeURIComponent(document.getElementById('key-name').value)}`),
  ]);
  const where = placement.ok ? placementText(placement.body) : '';
  if (!answer.ok) {
    show(failure(answer), el('p', {}, where));
    return;
  }
  const value = showValue(base64ToBytes(answer.body.value));
  show(el('p', { id: 'key-outcome' }, `found · version ${answer.body.version} · ${duration(answer.body.ttl_remaining_ms)}`
    + (answer.body.ttl_remaining_ms > 0 ? ' left' : '')),
  el('p', {}, where),
  el('p', { class: 'muted' }, value.kind === 'text' ? 'value (text):' : 'value (hex, not UTF-8 text):'),
  el('pre', { id: 'key-value-shown' }, value.shown));
}

function placementText(body) {
  const backups = body.backups.map((b) => `${shortId(b.id)} (${b.http})`).join(', ') || 'none';
  return `slot ${body.slot} · owner ${body.owner ? `${shortId(body.owner.id)} (${body.owner.http})` : 'none'} · backups ${backups}`;
}

async function put() {
  const data = new TextEncoder().encode(document.getElementById('key-value').value);
  const answer = await request('PUT', `${keyPath()}?ttl_ms=${ttlMs()}`,
    { body: JSON.stringify({ value: bytesToBase64(data) }), contentType: 'application/json' });
  show(answer.ok ? el('p', { id: 'key-outcome' }, `stored · version ${answer.body.version}`) : failure(answer));
}

async function touch() {
  const answer = await request('POST', `${keyPath()}/touch?ttl_ms=${ttlMs()}`);
  show(answer.ok
    ? el('p', { id: 'key-outcome' }, answer.body.found ? `TTL set: ${duration(ttlMs())}` : 'no such key (touch never creates one)')
    : failure(answer));
}

async function remove() {
  const answer = await request('DELETE', keyPath());
  show(answer.ok ? el('p', { id: 'key-outcome' }, answer.body.deleted ? 'deleted' : 'no such key') : failure(answer));
}
