'use client';
import { memo } from 'react';
import { PRESETS, type Preset } from '../../lib/presets';
import { plural } from '../../lib/editor/format';
import { Dialog, whileClosed } from './Dialog';

/** "14–18 of 25 modes, 60–70 % high-quality (seeds 1–3, 5,000 steps)": the preset's measured runs, as a range. */
function measuredLine(p: Preset): string | null {
  const m = p.measured;
  if (!m || m.runs.length === 0) return null;
  const range = (xs: number[], f: (x: number) => string) => {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
  };
  if ('kind' in m) {
    const seeds = range(m.runs.map((r) => r.seed), String);
    const problems = m.runs.reduce((a, r) => a + r.healthProblems, 0);
    const logit = (x: number) => x.toFixed(1);
    return `Measured: ${problems === 0 ? 'no health problems' : plural(problems, 'health problem')}, D's last logits ${range(m.runs.map((r) => r.dRealLogit), logit)} on real and ${range(m.runs.map((r) => r.dFakeLogit), logit)} on generated images (seeds ${seeds}, ${m.steps.toLocaleString('en')} steps each); no bundled metric applies`;
  }
  const modes = range(m.runs.map((r) => r.modes), String);
  const hq = range(m.runs.map((r) => r.highQuality * 100), (x) => x.toFixed(0));
  const seeds = range(m.runs.map((r) => r.seed), String);
  const raws = m.runs.flatMap((r) => (r.raw ? [r.raw] : []));
  // Samples kept by D's ranking are named as such, with G's own figures beside them.
  const ranked =
    m.criticKeep !== undefined && raws.length === m.runs.length
      ? ` among D's best ${Math.round(m.criticKeep * 100)} % of candidates (G's own: ${range(raws.map((r) => r.modes), String)} modes, ${range(raws.map((r) => r.highQuality * 100), (x) => x.toFixed(0))} %)`
      : '';
  return `Measured: ${modes} of ${m.runs[0]!.totalModes} modes, ${hq} % high-quality samples${ranked} (seeds ${seeds}, ${m.steps.toLocaleString('en')} steps each)`;
}

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
            {p.measured && (
              <p className="preset-measured muted small" data-testid={`preset-measured-${p.id}`}>
                {measuredLine(p)}
              </p>
            )}
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
