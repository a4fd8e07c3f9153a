import { escapeMarkup as esc } from './escape.js';
import { linkLabel, sourceHealth } from './format.js';
import type { LinkStatus, SourceStatus } from './status-report.js';

const NODE_WIDTH = 132;
const NODE_HEIGHT = 44;
/** How far an edge bows out of the straight line, so that A→B and B→A stay apart. */
const BEND = 44;

interface Point {
  x: number;
  y: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<string, Point>;
}

/** Sources on a circle, in the report's (alphabetical) order; one source sits in the middle. */
export function circleLayout(names: readonly string[]): GraphLayout {
  const radius = Math.max(140, names.length * 34);
  const width = 2 * radius + NODE_WIDTH + 80;
  const height = 2 * radius + NODE_HEIGHT + 120;
  const center = { x: width / 2, y: height / 2 };
  const nodes = new Map<string, Point>();
  names.forEach((name, index) => {
    if (names.length === 1) return void nodes.set(name, center);
    // Two sources side by side rather than one above the other: labels read better.
    const start = names.length === 2 ? Math.PI : -Math.PI / 2;
    const angle = start + (2 * Math.PI * index) / names.length;
    nodes.set(name, { x: round(center.x + radius * Math.cos(angle)), y: round(center.y + radius * Math.sin(angle)) });
  });
  return { width, height, nodes };
}

/** The graph of sources and links as an inline SVG element; each part carries the data attributes the page's script updates. */
export function renderGraph(sources: readonly SourceStatus[], links: readonly LinkStatus[]): string {
  const layout = circleLayout(sources.map((source) => source.name));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="Sources and the links between them">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
  ];
  for (const [pair, group] of groupByPair(links)) {
    const [from, to] = pair.split('\u0000') as [string, string];
    const a = layout.nodes.get(from);
    const b = layout.nodes.get(to);
    if (!a || !b) continue;
    parts.push(renderEdge(a, b, group, from === to));
  }
  for (const source of sources) {
    const at = layout.nodes.get(source.name)!;
    parts.push(
      `<g class="node ${sourceHealth(source as unknown as Record<string, unknown>)}" data-node="${esc(source.name)}" transform="translate(${at.x - NODE_WIDTH / 2},${at.y - NODE_HEIGHT / 2})">`,
      `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="8"/>`,
      `<text x="${NODE_WIDTH / 2}" y="19" class="node-name">${esc(source.name)}</text>`,
      `<text x="${NODE_WIDTH / 2}" y="35" class="node-kind">${esc(source.kind)}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

function groupByPair(links: readonly LinkStatus[]): Map<string, LinkStatus[]> {
  const pairs = new Map<string, LinkStatus[]>();
  for (const link of links) {
    const key = `${link.from}\u0000${link.to}`;
    pairs.set(key, [...(pairs.get(key) ?? []), link]);
  }
  return pairs;
}

function renderEdge(a: Point, b: Point, links: readonly LinkStatus[], loop: boolean): string {
  let path: string;
  let label: Point;
  if (loop) {
    // A source's link to itself: a loop above its node.
    const top = a.y - NODE_HEIGHT / 2;
    path = `M${a.x - 20},${top} C${a.x - 50},${top - 60} ${a.x + 50},${top - 60} ${a.x + 20},${top}`;
    label = { x: a.x, y: top - 52 };
  } else {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = Math.hypot(dx, dy) || 1;
    // The control point sits to the right of the direction of travel: the opposite edge bows the other way.
    const control = { x: (a.x + b.x) / 2 - (dy / length) * BEND, y: (a.y + b.y) / 2 + (dx / length) * BEND };
    const start = leaveBox(a, control);
    const end = leaveBox(b, control);
    path = `M${round(start.x)},${round(start.y)} Q${round(control.x)},${round(control.y)} ${round(end.x)},${round(end.y)}`;
    label = { x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x, y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y };
  }
  const lines = links.map((link, index) => {
    const dy = index === 0 ? -((links.length - 1) * 14) / 2 : 14;
    return `<tspan x="${round(label.x)}" dy="${round(dy)}" data-link="${esc(linkKey(link))}">${esc(linkLabel(link as unknown as Record<string, unknown>))}</tspan>`;
  });
  return [
    `<g class="edge">`,
    `<path d="${path}" marker-end="url(#arrow)"/>`,
    `<text x="${round(label.x)}" y="${round(label.y + 4)}" class="edge-label">${lines.join('')}</text>`,
    '</g>',
  ].join('');
}

/** Where the line from a node's centre towards `toward` leaves the node's box, plus a small gap for the arrowhead. */
function leaveBox(center: Point, toward: Point): Point {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  const length = Math.hypot(dx, dy) || 1;
  const scale = Math.min(dx === 0 ? Infinity : NODE_WIDTH / 2 / Math.abs(dx), dy === 0 ? Infinity : NODE_HEIGHT / 2 / Math.abs(dy), 1);
  return { x: center.x + dx * scale + (dx / length) * 4, y: center.y + dy * scale + (dy / length) * 4 };
}

/** Tells the links of the page apart: a merged type's link appears once per owning source. */
export function linkKey(link: { id: string; from: string }): string {
  return `${link.id} ${link.from}`;
}

const round = (value: number) => Math.round(value * 10) / 10;
