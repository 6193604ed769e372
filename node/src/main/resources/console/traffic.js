// The Traffic section: the last 15 minutes of samples, kept in this tab, turned into rates and charts.
import uPlot from './lib/uPlot.esm.js';
import { colourOf, shortId } from './format.js';

const WINDOW_MS = 15 * 60 * 1000;
const MAX_SAMPLES = 400;
const history = [];
const charts = new Map();

/** Adds a stats event; answers each member's requests/s since the previous one. */
export function addSample(stats) {
  if (!stats?.members) return new Map();
  const members = new Map(stats.members.filter((m) => !m.error).map((m) => [m.id, m]));
  history.push({ time: stats.time_ms, members });
  while (history.length > MAX_SAMPLES || (history.length && history[0].time < stats.time_ms - WINDOW_MS)) history.shift();
  updateScopeChoices(stats.members);
  const rates = new Map();
  if (history.length >= 2) {
    const [previous, current] = history.slice(-2);
    for (const id of current.members.keys()) {
      const point = derive(previous, current, [id]);
      if (point) rates.set(id, point.total);
    }
  }
  return rates;
}

function updateScopeChoices(members) {
  const select = document.getElementById('traffic-scope');
  const known = new Set([...select.options].map((o) => o.value));
  for (const member of members) {
    if (!known.has(member.id)) select.append(new Option(`node ${shortId(member.id)}`, member.id));
  }
}

function delta(current, previous) {
  return Math.max(0, (current ?? 0) - (previous ?? 0));
}

/** The rates between two samples over the given members (those in both samples), or null. */
function derive(previous, current, ids) {
  const seconds = (current.time - previous.time) / 1000;
  if (seconds <= 0) return null;
  const point = { operations: {}, protocols: {}, total: 0, hits: 0, misses: 0, local: 0, remote: 0,
    evictions: 0, expirations: 0, bounds: null, buckets: null, count: 0 };
  let any = false;
  for (const id of ids) {
    const now = current.members.get(id);
    const before = previous.members.get(id);
    if (!now || !before) continue;
    any = true;
    for (const [operation, count] of Object.entries(now.requests)) {
      const rate = delta(count, before.requests[operation]) / seconds;
      point.operations[operation] = (point.operations[operation] ?? 0) + rate;
      point.total += rate;
    }
    for (const [protocol, count] of Object.entries(now.protocol_commands)) {
      point.protocols[protocol] = (point.protocols[protocol] ?? 0) + delta(count, before.protocol_commands[protocol]) / seconds;
    }
    point.hits += delta(now.hits, before.hits);
    point.misses += delta(now.misses, before.misses);
    point.local += delta(now.routed.local, before.routed.local);
    point.remote += delta(now.routed.remote, before.routed.remote);
    point.evictions += delta(now.evictions, before.evictions) / seconds;
    point.expirations += delta(now.expirations, before.expirations) / seconds;
    const latency = now.latency;
    if (latency.counts.length && latency.counts.length === before.latency.counts.length) {
      point.bounds = latency.bounds_ms;
      point.buckets ??= new Array(latency.counts.length).fill(0);
      latency.counts.forEach((c, i) => { point.buckets[i] += delta(c, before.latency.counts[i]); });
      point.count += delta(latency.total, before.latency.total);
    } else if (latency.counts.length) {
      point.bounds = latency.bounds_ms;
      point.buckets ??= new Array(latency.counts.length).fill(0);
    }
  }
  return any ? point : null;
}

/** The bucket bound under which a share q of the requests finished (an upper estimate), or null. */
function percentile(point, q) {
  if (!point.buckets || point.count === 0) return null;
  const wanted = q * point.count;
  for (let i = 0; i < point.buckets.length; i++) {
    if (point.buckets[i] >= wanted) return point.bounds[i];
  }
  return point.bounds[point.bounds.length - 1];
}

function ratio(part, whole) {
  return whole > 0 ? (100 * part) / whole : null;
}

/** Redraws every chart for the chosen scope: the whole cluster or one node. */
export function renderTraffic() {
  if (history.length < 2) return;
  const scope = document.getElementById('traffic-scope').value;
  const times = [];
  const points = [];
  const perNode = new Map();
  for (let i = 1; i < history.length; i++) {
    const previous = history[i - 1];
    const current = history[i];
    const ids = scope ? [scope] : [...current.members.keys()];
    times.push(current.time / 1000);
    points.push(derive(previous, current, ids));
    if (!scope) {
      for (const id of current.members.keys()) perNode.set(id, true);
    }
  }
  document.getElementById('charts').dataset.points = String(times.length);
  const operations = [...new Set(points.flatMap((p) => (p ? Object.keys(p.operations) : [])))].sort();
  draw('operations', 'Requests per second, by operation', times,
    operations.map((op) => [op, points.map((p) => p?.operations[op] ?? null)]));
  if (!scope) {
    const nodes = [...perNode.keys()];
    draw('nodes', 'Requests per second, by node', times, nodes.map((id) => [`node ${shortId(id)}`,
      history.slice(1).map((current, i) => derive(history[i], current, [id])?.total ?? null), colourOf(id)]));
  } else {
    draw('nodes', 'Requests per second, by node', times, [[`node ${shortId(scope)}`, points.map((p) => p?.total ?? null), colourOf(scope)]]);
  }
  const protocols = [...new Set(points.flatMap((p) => (p ? Object.keys(p.protocols) : [])))].sort();
  draw('protocols', 'Calls per second, by protocol', times,
    protocols.map((protocol) => [PROTOCOL_LABELS[protocol] ?? protocol, points.map((p) => p?.protocols[protocol] ?? null)]));
  draw('latency', 'Latency (ms, upper bucket bound)', times, [
    ['p50', points.map((p) => (p ? percentile(p, 0.5) : null))],
    ['p99', points.map((p) => (p ? percentile(p, 0.99) : null))]]);
  draw('ratios', 'Hit ratio and routed share (%)', times, [
    ['hit ratio', points.map((p) => (p ? ratio(p.hits, p.hits + p.misses) : null))],
    ['routed to another node', points.map((p) => (p ? ratio(p.remote, p.local + p.remote) : null))]]);
  draw('removals', 'Evictions and expirations per second', times, [
    ['evictions', points.map((p) => p?.evictions ?? null)],
    ['expirations', points.map((p) => p?.expirations ?? null)]]);
}

/** A gRPC Pipeline call or a RESP MGET carries many keys: these count calls, not keys. */
const PROTOCOL_LABELS = { grpc: 'gRPC calls', http: 'HTTP key calls', resp: 'RESP commands' };

const DEFAULT_COLOURS = ['#2463eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2', '#db2777', '#ca8a04', '#4b5563'];

function draw(name, title, times, series) {
  const labels = series.map(([label]) => label).join('|');
  let chart = charts.get(name);
  if (chart && chart.labels !== labels) {
    chart.plot.destroy();
    chart.box.remove();
    chart = null;
  }
  const data = [times, ...series.map(([, values]) => values)];
  if (!chart) {
    const container = document.getElementById('charts');
    const box = document.createElement('div');
    box.className = 'chart';
    const heading = document.createElement('h3');
    heading.textContent = title;
    box.append(heading);
    container.append(box);
    const width = Math.max(400, Math.floor((document.body.clientWidth - 64) / 2));
    const plot = new uPlot({
      width,
      height: 150,
      legend: { show: true },
      scales: { x: { time: true } },
      series: [{}, ...series.map(([label, , colour], i) => ({
        label, stroke: colour ?? DEFAULT_COLOURS[i % DEFAULT_COLOURS.length], width: 1.5, spanGaps: true,
      }))],
    }, data, box);
    charts.set(name, { plot, box, labels });
    showRange(plot, times);
    return;
  }
  chart.plot.setData(data, false);
  showRange(chart.plot, times);
}

/** At least the last minute: uPlot's own range for one or two samples spans years. */
function showRange(plot, times) {
  const last = times[times.length - 1];
  plot.setScale('x', { min: Math.min(times[0], last - 60), max: last });
}
