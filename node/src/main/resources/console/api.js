// Calls to this node's HTTP API, with the tab's token when it has one.
const TOKEN_KEY = 'ringcache.console.token';

export class AuthError extends Error {}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

function headers(extra = {}) {
  const value = token.get();
  return value ? { ...extra, Authorization: `Bearer ${value}` } : extra;
}

/** Any answer but 401/403, as {status, ok, body}; the body is JSON or null. */
export async function request(method, path, { body, contentType } = {}) {
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    headers: headers(contentType ? { 'Content-Type': contentType } : {}),
    body,
  });
  if (response.status === 401 || response.status === 403) {
    throw new AuthError((await json(response))?.message ?? 'the token was refused');
  }
  return { status: response.status, ok: response.ok, body: await json(response) };
}

async function json(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * Reads the server-sent-events feed through fetch (EventSource cannot send a token) and calls
 * onEvent(name, data) for each event until the stream ends or signal aborts.
 */
export async function readFeed(path, onEvent, signal) {
  const response = await fetch(path, { headers: headers(), cache: 'no-store', signal });
  if (response.status === 401 || response.status === 403) {
    throw new AuthError((await json(response))?.message ?? 'the token was refused');
  }
  if (!response.ok) {
    throw new Error((await json(response))?.message ?? `feed refused (${response.status})`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffered += value;
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const frame = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of frame.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onEvent(event, JSON.parse(data));
    }
  }
}
