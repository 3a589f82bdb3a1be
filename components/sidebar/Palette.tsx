'use client';
import { memo, useMemo, useState, type DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { blocks } from '../../lib/blocks';
import type { AnyBlock, Category, Level } from '../../lib/blocks/types';
import { addNode } from '../../lib/editor/ops';
import { useEditorActions } from '../editor/EditorContext';
import { BLOCK_MIME } from '../canvas/types';

const CATEGORY_ORDER: readonly Category[] = ['source', 'network', 'structure', 'layer', 'normalization', 'activation', 'style', 'loss', 'regularizer', 'optimizer'];
const CATEGORY_NAMES: Record<Category, string> = {
  source: 'Sources',
  network: 'Networks',
  structure: 'Structure',
  layer: 'Layers',
  normalization: 'Normalization',
  activation: 'Activations',
  style: 'Style',
  loss: 'Losses',
  regularizer: 'Regularizers',
  optimizer: 'Optimizers',
};

/**
 * Every block of the open level, from the registry, grouped by category and searchable. Drag one onto the canvas,
 * or press Enter on it to drop it in the middle of the view. Memoised: it depends on the level only, not on edits.
 */
export const Palette = memo(function Palette({ level }: { level: Level }) {
  const [query, setQuery] = useState('');
  const { edit } = useEditorActions();
  const flow = useReactFlow();
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const match = (b: AnyBlock) => !q || [b.type, b.label, b.description, b.category].some((t) => t.toLowerCase().includes(q));
    const list = blocks.all().filter((b) => b.level === level && match(b));
    return CATEGORY_ORDER.map((c) => ({ category: c, items: list.filter((b) => b.category === c) })).filter((g) => g.items.length > 0);
  }, [level, query]);

  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(BLOCK_MIME, type);
    e.dataTransfer.setData('text/plain', type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const addAtCenter = (type: string) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const p = pane ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
    edit((d, s) => {
      const r = addNode(d, s, type, { x: p.x - 100 + Math.random() * 40, y: p.y - 30 + Math.random() * 40 });
      return r.id ? { design: r.design, selection: { nodes: [r.id], edges: [] } } : null;
    });
  };

  return (
    <section className="palette" aria-label="Blocks">
      <div className="section-head">
        <h2>Blocks</h2>
        <span className="section-note">{level === 'training' ? 'training graph' : 'network layers'}</span>
      </div>
      <input
        type="search"
        className="palette-search"
        placeholder="Search blocks…"
        aria-label="Search blocks"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="palette-groups">
        {groups.length === 0 && <p className="muted small">No block matches “{query}”.</p>}
        {groups.map((g) => (
          <div key={g.category} className="palette-group" role="group" aria-label={CATEGORY_NAMES[g.category]}>
            <h3>{CATEGORY_NAMES[g.category]}</h3>
            <ul>
              {g.items.map((b) => (
                <li key={b.type}>
                  <button
                    type="button"
                    className="palette-item"
                    data-category={b.category}
                    data-testid={`palette-${b.type}`}
                    draggable
                    onDragStart={(e) => onDragStart(e, b.type)}
                    onClick={() => addAtCenter(b.type)}
                    title={`${b.description}\n\nDrag onto the canvas, or click to add.`}
                    aria-label={`${b.label} ${b.type}: add to the canvas`}
                  >
                    <span className="palette-swatch" aria-hidden />
                    <span className="palette-label">{b.label}</span>{' '}
                    <code className="palette-type">{b.type}</code>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
});
