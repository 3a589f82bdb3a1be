'use client';
import { memo } from 'react';
import { PRESETS, type Preset } from '../../lib/presets';
import { plural } from '../../lib/editor/format';
import { Dialog, whileClosed } from './Dialog';

const blockCount = (p: Preset) => p.design.training.nodes.length + p.design.networks.reduce((a, n) => a + n.nodes.length, 0);

/** The GAN family as ready-made designs; opening one makes it a new saved design. */
export const PresetGallery = memo(function PresetGallery({ open, onClose, onOpen, onBlank }: { open: boolean; onClose: () => void; onOpen: (p: Preset) => void; onBlank: () => void }) {
  return (
    <Dialog open={open} title="Presets" onClose={onClose} wide>
      <p className="muted small dialog-lead">Each preset opens as a new design of your own; the original stays here.</p>
      <ul className="preset-grid">
        <li className="preset-card blank">
          <h3>Blank design</h3>
          <p className="preset-description">An empty canvas: add networks and draw the training graph yourself.</p>
          <div className="preset-foot">
            <button type="button" className="button" onClick={onBlank} aria-label="Start blank design">
              Start blank
            </button>
          </div>
        </li>
        {PRESETS.map((p) => (
          <li key={p.id} className="preset-card" data-testid={`preset-${p.id}`}>
            <h3>{p.title}</h3>
            <p className="preset-paper">
              {p.paper.title} · {p.paper.authors}, {p.paper.year}
            </p>
            <p className="preset-description" title={p.description}>
              {p.description}
            </p>
            <div className="preset-foot">
              <span className="preset-tags">
                {p.design.networks.map((n) => n.id).join(' · ')} · {plural(blockCount(p), 'block')}
              </span>
              <button type="button" className="button primary" onClick={() => onOpen(p)} aria-label={`Open preset ${p.title}`}>
                Open
              </button>
            </div>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}, whileClosed);
