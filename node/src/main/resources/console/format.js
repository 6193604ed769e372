// Small formatting helpers shared by the sections.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (name === 'class') node.className = value;
    else if (name === 'style') node.style.cssText = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function bytes(value) {
  if (value < 1024) return `${value} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let scaled = value / 1024;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${scaled.toFixed(1)} ${units[unit]}`;
}

export function number(value, digits = 0) {
  return Number(value ?? 0).toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function duration(ms) {
  if (ms <= 0) return 'never expires';
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function shortId(id) {
  return id ? id.slice(0, 8) : '?';
}

/** A member's colour, the same for as long as the page is open, whatever its index. */
const PALETTE = ['#2463eb', '#16a34a', '#ea580c', '#9333ea', '#0891b2', '#db2777', '#ca8a04', '#4b5563',
  '#65a30d', '#dc2626', '#0d9488', '#7c3aed'];
const colours = new Map();
export function colourOf(id) {
  if (!colours.has(id)) colours.set(id, PALETTE[colours.size % PALETTE.length]);
  return colours.get(id);
}

export function base64ToBytes(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function bytesToBase64(data) {
  let binary = '';
  for (const b of data) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The value as text when it is printable UTF-8, else as hex. */
export function showValue(data) {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { kind: 'text', shown: text };
  } catch {
    // not UTF-8: hex below
  }
  return { kind: 'hex', shown: Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ') };
}
