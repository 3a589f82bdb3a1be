'use client';
import { memo, useEffect, useMemo, useState } from 'react';
import { interpolate, randomDirections, type InterpolationMode, type Vector } from '../../lib/explore/latent';
import type { Design } from '../../lib/graph/schema';
import { mulberry32 } from '../../lib/rng';
import { fileStem } from '../../lib/share/design-file';
import { embedDesignInPng } from '../../lib/share/png-chunk';
import type { ExploreResult, LatentInfo, NearestResult } from '../../lib/train/protocol';
import { Dialog } from '../dialogs/Dialog';
import type { Toast } from '../feedback/toasts';
import { download } from '../files/download';
import { trainingClient } from '../training/worker-client';
import { DirectionsSection, type DirectionKind } from './DirectionsSection';
import { drawViewPng, frameCount, type ViewSection } from './explore-draw';
import { Section, Tile, TileRow, TILE } from './ExploreTiles';
import { drawLatents, moved, unpack } from './explore-vectors';
import { NearestSection } from './NearestSection';
import { useExplored, type Ask } from './useExplored';
import { usePrincipal } from './usePrincipal';
import './explorer.css';

/** Draws in the grid, columns per row, directions with a slider each, and noise columns per class. */
const GRID = 16;
const COLUMNS = 8;
const DIRECTIONS = 3;
const NOISE_PER_CLASS = 6;
const MAX_CLASSES = 10;

type Notify = (kind: Toast['kind'], message: string) => void;

/**
 * The latent explorer (issue #18): samples of the loaded run's G for chosen noise vectors — a seeded grid of draws,
 * the path between two picked samples (linear or spherical), the first pick moved along random or principal directions,
 * the training images nearest to it (MNIST designs), and for a conditional design a class × noise grid. `design` is
 * the run's design, which the exported picture carries.
 */
export const ExplorerDialog = memo(function ExplorerDialog({ open, onClose, design, onNotice }: { open: boolean; onClose: () => void; design: Design | null; onNotice: Notify }) {
  return (
    <Dialog open={open} title="Explore the latent space" onClose={onClose} wide>
      {open && design && <Explorer design={design} onNotice={onNotice} />}
    </Dialog>
  );
});

function Explorer({ design, onNotice }: { design: Design; onNotice: Notify }) {
  const [info, setInfo] = useState<LatentInfo | string | null>(null);
  useEffect(() => {
    let live = true;
    void trainingClient.latentSpace().then((r) => live && setInfo(r.info));
    return () => {
      live = false;
    };
  }, []);
  if (info === null) return <p role="status">Reading the run’s latent space…</p>;
  if (typeof info === 'string') return <p role="alert" className="explore-problem">{info}</p>;
  return <LatentExplorer info={info} design={design} onNotice={onNotice} />;
}

/** `n` copies of one class label (a path or a sweep keeps the class of its start), or none for an unconditional G. */
const sameLabel = (classes: number, n: number, label: number) => (classes ? new Int32Array(n).fill(label) : null);

type Picks = { a: number | null; b: number | null };

/** A click picks A, then B; a third click starts again from A. */
function pick(p: Picks, i: number): Picks {
  if (p.a === null) return { a: i, b: null };
  if (p.b === null && i !== p.a) return { a: p.a, b: i };
  return { a: i, b: null };
}

function LatentExplorer({ info, design, onNotice }: { info: LatentInfo; design: Design; onNotice: Notify }) {
  const [seed, setSeed] = useState(1);
  const [picks, setPicks] = useState<Picks>({ a: null, b: null });
  const [mode, setMode] = useState<InterpolationMode>('spherical');
  const [steps, setSteps] = useState(8);
  const count = Math.min(DIRECTIONS, info.dim);
  const [offsets, setOffsets] = useState<number[]>(() => Array.from({ length: count }, () => 0));
  const [kind, setKind] = useState<DirectionKind>('random');
  const [nearest, setNearest] = useState<{ latent: Vector; result: Extract<NearestResult, { ok: true }> } | null>(null);
  const principal = usePrincipal(kind === 'principal', count);
  const classes = info.classes === null ? 0 : Math.min(info.classes, MAX_CLASSES);

  const draws = useMemo(() => drawLatents(info, GRID, seed), [info, seed]);
  const gridLabels = useMemo(() => (classes ? Int32Array.from({ length: GRID }, (_, i) => i % classes) : null), [classes]);
  const random = useMemo(() => randomDirections(info.dim, count, mulberry32(seed + 7919)), [info.dim, count, seed]);
  const pc = principal.result?.ok ? principal.result : null;
  const principalDirs = useMemo(() => (pc ? unpack(pc.directions, info.dim) : null), [pc, info.dim]);
  // Null while the principal directions are computed, or when they cannot be: the sliders wait.
  const directions = kind === 'random' ? random : principalDirs;
  const a = picks.a === null ? null : draws[picks.a]!;
  const b = picks.b === null ? null : draws[picks.b]!;
  const labelA = picks.a !== null && gridLabels ? gridLabels[picks.a]! : 0;

  const gridAsk = useMemo<Ask>(() => ({ vectors: draws, labels: gridLabels }), [draws, gridLabels]);
  const pathAsk = useMemo<Ask | null>(() => (a && b ? { vectors: interpolate(a, b, steps, mode), labels: sameLabel(classes, steps, labelA) } : null), [a, b, steps, mode, classes, labelA]);
  const movedAsk = useMemo<Ask | null>(() => (a && directions ? { vectors: [moved(a, directions, offsets)], labels: sameLabel(classes, 1, labelA) } : null), [a, directions, offsets, classes, labelA]);
  const classAsk = useMemo<Ask | null>(() => {
    if (!classes) return null;
    const noise = draws.slice(0, NOISE_PER_CLASS);
    return { vectors: Array.from({ length: classes }, () => noise).flat(), labels: Int32Array.from({ length: classes * NOISE_PER_CLASS }, (_, i) => Math.floor(i / NOISE_PER_CLASS)) };
  }, [classes, draws]);

  const grid = useExplored(gridAsk);
  const path = useExplored(pathAsk);
  const sweep = useExplored(movedAsk);
  const byClass = useExplored(classAsk);

  const newDraws = () => {
    setSeed((s) => s + 1);
    setPicks({ a: null, b: null });
    setOffsets((o) => o.map(() => 0));
  };

  const sections = (): ViewSection[] => {
    const out: ViewSection[] = [];
    const add = (title: string, r: ExploreResult | null, columns: number) => r?.ok && out.push({ title, frame: r.frame, columns });
    add(`Draws (seed ${seed})`, grid.result, COLUMNS);
    if (pathAsk) add(`Sample ${picks.a! + 1} → sample ${picks.b! + 1}, ${mode} interpolation, ${steps} steps`, path.result, Math.max(steps, COLUMNS));
    if (movedAsk && directions) add(`Sample ${picks.a! + 1} moved along ${directions.length} ${kind} directions by ${offsets.slice(0, directions.length).map((o) => o.toFixed(2)).join(', ')}`, sweep.result, 1);
    // The memorisation check, when it was run for the A picked now; in the dialog's order, before the class grid.
    const near = nearest && nearest.latent === a ? nearest.result : null;
    if (near) {
      const d = near.neighbours.map((nb) => nb.distance.toFixed(2)).join(', ');
      out.push({ title: `Training images nearest to sample ${picks.a! + 1}: distances ${d} (training images typically ${near.typical.toFixed(2)} apart)`, frame: near.frame, columns: near.neighbours.length });
    }
    if (classAsk) add(`Class × noise: a row per class, the first ${NOISE_PER_CLASS} draws`, byClass.result, NOISE_PER_CLASS);
    return out;
  };
  const step = grid.result?.ok ? grid.result.frame.step : 0;

  const exportPng = async () => {
    try {
      const png = await drawViewPng(`${design.name} — latent space`, `Step ${step.toLocaleString('en')} · GAN Studio latent explorer (drop this PNG on GAN Studio to open the design)`, sections());
      download(`${fileStem(design.name)}-latents.gan.png`, embedDesignInPng(png, JSON.stringify(design)), 'image/png');
    } catch (e) {
      onNotice('error', `Could not export the PNG: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const exportJson = () => {
    const list = (vs: readonly Vector[]) => vs.map((v) => Array.from(v));
    const doc = {
      format: 'gan-studio-latents',
      version: 1,
      design: design.name,
      step,
      latent: { dim: info.dim, distribution: info.distribution, scale: info.scale, classes: info.classes },
      seed,
      draws: list(draws),
      labels: gridLabels ? Array.from(gridLabels) : null,
      picks,
      interpolation: pathAsk ? { mode, steps, vectors: list(pathAsk.vectors) } : null,
      directionKind: kind,
      directions: directions ? list(directions) : [],
      explained: kind === 'principal' && pc ? pc.explained : null,
      offsets: offsets.slice(0, directions?.length ?? 0),
      moved: movedAsk ? list(movedAsk.vectors) : null,
      classGrid: classAsk ? { noisePerClass: NOISE_PER_CLASS, classes, labels: Array.from(classAsk.labels!) } : null,
    };
    download(`${fileStem(design.name)}-latents.json`, `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
  };

  const pickLabel = (i: number) => `Sample ${i + 1}${picks.a === i ? ' (A)' : picks.b === i ? ' (B)' : ''}${gridLabels ? `, class ${gridLabels[i]}` : ''}`;
  return (
    <div className="explore" data-testid="explorer">
      <p className="explore-note">
        {info.dim}-dimensional {info.distribution === 'uniform' ? 'uniform' : 'normal'} noise{info.classes !== null ? `, ${info.classes} classes` : ''}; samples from the run at step{' '}
        {step.toLocaleString('en')}. Click two samples to walk between them; the first one picked moves with the sliders.
      </p>
      <div className="explore-actions" role="toolbar" aria-label="Explorer">
        <button type="button" className="button" onClick={newDraws}>
          New draws
        </button>
        <button type="button" className="button" disabled={!grid.result?.ok} onClick={() => void exportPng()}>
          Export PNG
        </button>
        <button type="button" className="button" disabled={!grid.result?.ok} onClick={exportJson}>
          Export noise (JSON)
        </button>
      </div>

      <Section title={`Draws (seed ${seed})`} testId="explore-grid" state={grid}>
        {grid.result?.ok && (
          <div className="explore-tiles" role="group" aria-label="Draws: pick A and B" style={{ gridTemplateColumns: `repeat(${COLUMNS}, ${TILE}px)` }}>
            {Array.from({ length: frameCount(grid.result.frame) }, (_, i) => (
              <button
                key={i}
                type="button"
                className="explore-pick"
                aria-pressed={picks.a === i || picks.b === i}
                data-pick={picks.a === i ? 'A' : picks.b === i ? 'B' : undefined}
                aria-label={pickLabel(i)}
                title={pickLabel(i)}
                onClick={() => setPicks((p) => pick(p, i))}
              >
                <Tile frame={(grid.result as Extract<ExploreResult, { ok: true }>).frame} k={i} />
              </button>
            ))}
          </div>
        )}
      </Section>

      <Section title="Interpolation from A to B" testId="explore-path" state={path}>
        <div className="explore-controls">
          <fieldset className="explore-mode">
            <legend>Path</legend>
            {(['linear', 'spherical'] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="explore-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                {m}
              </label>
            ))}
          </fieldset>
          <label>
            Steps
            <input type="number" min={3} max={16} value={steps} onChange={(e) => setSteps(Math.max(3, Math.min(16, Math.round(Number(e.target.value)) || 3)))} />
          </label>
        </div>
        {!pathAsk ? <p className="explore-note">Pick two samples in the grid (A, then B).</p> : path.result?.ok && <TileRow frame={path.result.frame} label={(k, n) => `Step ${k + 1} of ${n}`} name="Path from A to B" />}
      </Section>

      <DirectionsSection
        kind={kind}
        onKind={(k) => {
          setKind(k);
          setOffsets((o) => o.map(() => 0));
        }}
        principal={principal}
        offsets={offsets.slice(0, kind === 'principal' && pc ? pc.explained.length : count)}
        onOffset={(i, v) => setOffsets((os) => os.map((x, j) => (j === i ? v : x)))}
        picked={a !== null}
        moved={sweep}
      />

      <NearestSection latent={a} label={picks.a !== null && gridLabels ? labelA : null} sample={picks.a} unavailable={info.nearest} onFound={(latent, result) => setNearest({ latent, result })} />

      {classAsk && (
        <Section title="Class × noise" testId="explore-classes" state={byClass}>
          {byClass.result?.ok && <TileRow frame={byClass.result.frame} label={(k) => `Class ${Math.floor(k / NOISE_PER_CLASS)}, draw ${(k % NOISE_PER_CLASS) + 1}`} name="A row per class" columns={NOISE_PER_CLASS} />}
        </Section>
      )}
    </div>
  );
}
