// The Caches section: each cache's settings and what every node holds of it.
import { bytes, el, number, shortId } from './format.js';

export function renderCaches(caches, samples) {
  const members = (samples?.members ?? []).filter((m) => !m.error);
  const blocks = caches.map((cache) => {
    const s = cache.settings;
    const settings = [
      `default TTL ${s.default_ttl_ms ? `${s.default_ttl_ms / 1000} s` : 'none'}`,
      `max idle ${s.max_idle_ms ? `${s.max_idle_ms / 1000} s` : 'none'}`,
      `max entries per node ${s.max_entries_per_node || 'unlimited'}`,
      `max heap per node ${s.max_heap_per_node_mb ? `${s.max_heap_per_node_mb} MB` : 'unlimited'}`,
      `eviction ${s.eviction}`,
      `${s.backups} backup(s)${s.async_backups ? ` + ${s.async_backups} async` : ''}`,
      s.read_from_backup ? 'reads from backups' : null,
      s.linearizable_reads ? 'linearizable reads' : null,
      s.lost_partition_fence_ms ? `lost partitions fenced ${s.lost_partition_fence_ms / 1000} s` : null,
    ].filter(Boolean).join(' · ');
    const rows = members.map((member) => {
      const c = member.caches?.[cache.name] ?? {};
      return el('tr', {},
        el('td', {}, `node ${shortId(member.id)}`),
        el('td', { class: 'num' }, number(c.entries)),
        el('td', { class: 'num' }, number(c.backup_entries)),
        el('td', { class: 'num' }, bytes(c.memory_bytes ?? 0)),
        el('td', { class: 'num' }, number(c.hits)),
        el('td', { class: 'num' }, number(c.misses)),
        el('td', { class: 'num' }, number(c.evictions)),
        el('td', { class: 'num' }, number(c.expirations)));
    });
    return el('div', { class: 'cache', 'data-cache': cache.name },
      el('h2', {}, cache.name, ' ', el('span', { class: 'muted' }, settings)),
      el('table', {},
        el('thead', {}, el('tr', {}, ...['Node', 'Entries', 'Backup entries', 'Memory', 'Hits', 'Misses', 'Evictions', 'Expirations']
          .map((h, i) => el('th', { class: i ? 'num' : undefined }, h)))),
        el('tbody', {}, ...rows)));
  });
  document.getElementById('caches').replaceChildren(...blocks);
}
