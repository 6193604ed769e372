// The Cluster section: members, the slot bar, migrations and warnings in plain words.
import { colourOf, el, number, shortId } from './format.js';

const SLOTS = 16384;

export function renderCluster(report, samples, rates) {
  const byId = new Map((samples?.members ?? []).map((m) => [m.id, m]));
  document.getElementById('cluster-name').textContent = `cluster “${report.cluster_name}”`;
  document.getElementById('member-count').textContent = `${report.members.length}`;
  const inProgress = report.migrations.in_progress;
  document.getElementById('migrations').textContent = inProgress > 0
    ? `${inProgress} partition move(s) in progress`
    : `no migration running (${number(report.migrations.completed)} moves done, ${number(report.migrations.failed)} failed)`;
  renderMembers(report, byId, rates);
  renderSlots(report);
  renderWarnings(report, samples, byId);
}

function renderMembers(report, byId, rates) {
  const rows = report.members.map((member) => {
    const sample = byId.get(member.id);
    const ready = !sample ? '…' : sample.error ? 'no answer' : sample.ready ? 'ready' : `not ready: ${sample.reason}`;
    const quorum = !sample || sample.error ? '…' : sample.quorum ? 'yes' : 'lost';
    const endpoints = Object.entries(member.endpoints).map(([name, address]) => `${name} ${address}`).join(', ');
    const rate = rates.get(member.id);
    return el('tr', { 'data-member-id': member.id },
      el('td', {}, el('span', { class: 'swatch', style: `background:${colourOf(member.id)}` }),
        shortId(member.id), member.local ? el('span', { class: 'muted' }, ' (this node)') : null),
      el('td', {}, endpoints),
      el('td', {}, ready),
      el('td', {}, quorum),
      el('td', { class: 'num' }, member.partitions_owned),
      el('td', { class: 'num' }, member.partitions_backed_up),
      el('td', { class: 'num' }, rate === undefined ? '…' : number(rate, 1)));
  });
  document.querySelector('#members tbody').replaceChildren(...rows);
}

/** One bar, one pixel column per slot range share; data-signature names each owner's slot count for tests. */
function renderSlots(report) {
  const canvas = document.getElementById('slot-bar');
  const width = canvas.clientWidth || 1200;
  canvas.width = width;
  const context = canvas.getContext('2d');
  context.fillStyle = '#e5e7eb';
  context.fillRect(0, 0, width, canvas.height);
  const perOwner = new Map();
  for (const [first, last, owner] of report.slots) {
    const id = owner >= 0 ? report.members[owner].id : null;
    perOwner.set(id, (perOwner.get(id) ?? 0) + (last - first + 1));
    if (id === null) continue;
    const x = Math.floor((first / SLOTS) * width);
    const end = Math.ceil(((last + 1) / SLOTS) * width);
    context.fillStyle = colourOf(id);
    context.fillRect(x, 0, Math.max(1, end - x), canvas.height);
  }
  canvas.dataset.signature = [...perOwner.entries()]
    .map(([id, count]) => `${id ?? 'none'}:${count}`).sort().join(',');
  const legend = [...perOwner.entries()].map(([id, count]) => el('span', {},
    el('span', { class: 'swatch', style: `background:${id ? colourOf(id) : '#e5e7eb'}` }),
    `${id ? shortId(id) : 'no owner'}: ${number(count)} slots`));
  document.getElementById('slot-legend').replaceChildren(...legend);
}

function renderWarnings(report, samples, byId) {
  const warnings = [];
  const unowned = report.slots.filter(([, , owner]) => owner < 0).reduce((n, [f, l]) => n + l - f + 1, 0);
  if (unowned > 0) warnings.push(['bad', `${number(unowned)} slots have no owner: their keys cannot be read or written.`]);
  if (report.backups > 0) {
    const single = report.slots.filter((row) => row.slice(3).some((b) => b < 0)).reduce((n, [f, l]) => n + l - f + 1, 0);
    if (single > 0 && report.members.length <= report.backups) {
      warnings.push(['', `Only ${report.members.length} member(s): no other member can hold the ${report.backups} backup(s) configured, so losing a node loses its keys.`]);
    } else if (single > 0) {
      warnings.push(['', `${number(single)} slots have fewer backups than configured: losing their owner now would lose their keys.`]);
    }
  }
  if (report.migrations.in_progress > 0) {
    warnings.push(['', `Data is moving between members (${report.migrations.in_progress} partition moves left); wait before stopping another node.`]);
  }
  for (const mismatch of report.cache_mismatch ?? []) {
    warnings.push(['bad', `The members do not declare cache “${mismatch.cache ?? '?'}” alike: ${JSON.stringify(mismatch)}`]);
  }
  for (const member of report.members) {
    const sample = byId.get(member.id);
    if (!sample) continue;
    const name = shortId(member.id);
    if (sample.error) warnings.push(['', `Member ${name} did not answer for its figures: ${sample.error}`]);
    else {
      if (!sample.ready) warnings.push(['bad', `Member ${name} does not serve requests: ${sample.reason}`]);
      if (!sample.quorum) warnings.push(['bad', `Member ${name} sees too few members (quorum lost) and refuses requests.`]);
      if (sample.lost_partitions_recent > 0) {
        warnings.push(['bad', `Member ${name}: ${sample.lost_partitions_recent} partition(s) recently lost every copy; some keys may be gone.`]);
      }
    }
  }
  if (samples?.error) warnings.push(['', `Figures unavailable: ${samples.error}`]);
  document.getElementById('warnings').replaceChildren(
    ...warnings.map(([kind, text]) => el('li', { class: kind || undefined }, text)));
}
