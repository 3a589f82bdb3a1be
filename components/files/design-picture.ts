'use client';
import { blocks } from '../../lib/blocks';
import { describeGraph } from '../../lib/editor/flow';
import { formatCount, plural } from '../../lib/editor/format';
import { getGraph, type Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate';
import { CATEGORY_COLORS, UNKNOWN_COLOR } from '../canvas/category-colors';

const NODE_W = 210;
const NODE_H = 74;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';

/**
 * A picture of one graph of the design, drawn on a <canvas> from the design itself (boxes, wires, shapes), for
 * "Export PNG". The design goes into the PNG's metadata afterwards, so the picture reopens as the design.
 */
export async function drawDesignPng(design: Design, report: DesignReport, scope: Scope): Promise<Uint8Array> {
  const graph = getGraph(design, scope) ?? design.training;
  const views = describeGraph(design, graph, scope, report);
  const xs = graph.nodes.map((n) => n.position.x);
  const ys = graph.nodes.map((n) => n.position.y);
  // reduce, not Math.min(...xs): spreading an array passes each item as an argument, which overflows past ~120k.
  const minX = xs.reduce((a, b) => Math.min(a, b), 0);
  const minY = ys.reduce((a, b) => Math.min(a, b), 0);
  const pad = 48;
  const head = 78;
  const contentW = Math.max(560, xs.reduce((a, b) => Math.max(a, b), 0) - minX + NODE_W);
  const contentH = Math.max(200, ys.reduce((a, b) => Math.max(a, b), 0) - minY + NODE_H);
  const scale = Math.min(1, 2400 / (contentW + 2 * pad), 1600 / (contentH + 2 * pad + head));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil((contentW + 2 * pad) * scale);
  canvas.height = Math.ceil((contentH + 2 * pad + head) * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#f7f7f9';
  ctx.fillRect(0, 0, contentW + 2 * pad, contentH + 2 * pad + head);

  // Title: the design and the graph shown.
  ctx.fillStyle = '#1b1d23';
  ctx.font = `600 22px ${FONT}`;
  ctx.fillText(design.name, pad, 40);
  const weights = Object.values(report.networks).reduce((a, n) => a + n.count.trainable, 0);
  ctx.fillStyle = '#5c6270';
  ctx.font = `13px ${FONT}`;
  const where = scope.kind === 'training' ? 'Training graph' : `Network ${scope.id}`;
  ctx.fillText(`${where} · ${plural(design.networks.length, 'network')} · ${formatCount(weights)} trainable weights · GAN Studio (drop this PNG on GAN Studio to open the design)`, pad, 62);

  const at = (p: { x: number; y: number }) => ({ x: p.x - minX + pad, y: p.y - minY + pad + head });
  const pos = new Map(graph.nodes.map((n) => [n.id, at(n.position)]));
  ctx.lineWidth = 1.6;
  for (const e of graph.edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    ctx.strokeStyle = '#a4aab6';
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.bezierCurveTo(x1 + dx, y1, x2 - dx, y2, x2, y2);
    ctx.stroke();
    const shape = views.edges.get(e.id)?.shape;
    if (shape) {
      ctx.font = `11px ${MONO}`;
      const w = ctx.measureText(shape).width + 10;
      const mx = (x1 + x2) / 2;
      const my = (y1 + y2) / 2;
      ctx.fillStyle = '#ffffff';
      roundRect(ctx, mx - w / 2, my - 9, w, 18, 9);
      ctx.fill();
      ctx.strokeStyle = '#d9dce3';
      ctx.stroke();
      ctx.fillStyle = '#3a3f4b';
      ctx.fillText(shape, mx - w / 2 + 5, my + 4);
    }
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    const v = views.nodes.get(n.id);
    const color = CATEGORY_COLORS[v?.category ?? ''] ?? UNKNOWN_COLOR;
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = v?.error ? '#c62828' : '#d0d4dc';
    ctx.lineWidth = v?.error ? 2 : 1;
    roundRect(ctx, p.x, p.y, NODE_W, NODE_H, 8);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = color;
    roundRect(ctx, p.x, p.y, 5, NODE_H, 2);
    ctx.fill();
    ctx.fillStyle = '#1b1d23';
    ctx.font = `600 14px ${FONT}`;
    ctx.fillText(clip(ctx, v?.title ?? n.id, NODE_W - 24), p.x + 14, p.y + 22);
    ctx.fillStyle = '#5c6270';
    ctx.font = `12px ${FONT}`;
    ctx.fillText(clip(ctx, v?.summary || (blocks.get(n.type)?.label ?? n.type), NODE_W - 24), p.x + 14, p.y + 41);
    ctx.fillStyle = '#3a3f4b';
    ctx.font = `11px ${MONO}`;
    ctx.fillText(clip(ctx, [v?.result, v?.params].filter(Boolean).join('  ·  '), NODE_W - 24), p.x + 14, p.y + 61);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

function clip(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}
