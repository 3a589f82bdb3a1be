'use client';
import type { ExploreResult, PrincipalResult } from '../../lib/train/protocol';
import { Section, TileRow } from './ExploreTiles';

export type DirectionKind = 'random' | 'principal';

/** The sliders move z this many of the latent's standard deviations each way (the directions have unit length). */
export const REACH = 3;

const percent = (share: number) => `${(100 * share).toFixed(share < 0.1 ? 1 : 0)} %`;

/**
 * Sample A moved along a few directions of the latent space, a slider each: random orthonormal directions, or the
 * principal components of G's first hidden layer (GANSpace), each labelled with its share of that layer's variance.
 */
export function DirectionsSection(props: {
  kind: DirectionKind;
  onKind: (k: DirectionKind) => void;
  principal: { result: PrincipalResult | null; pending: boolean };
  /** One offset per slider; as many as there are directions of the chosen kind. */
  offsets: readonly number[];
  onOffset: (i: number, v: number) => void;
  picked: boolean;
  moved: { result: ExploreResult | null; pending: boolean };
}) {
  const { kind, principal, offsets, picked, moved } = props;
  const pc = kind === 'principal' && principal.result?.ok ? principal.result : null;
  const usable = kind === 'random' || pc !== null;
  const note =
    kind === 'random'
      ? 'Random orthonormal directions of the latent space, drawn with the grid.'
      : principal.pending
        ? 'Computing the principal components of the generator’s first hidden layer over many draws…'
        : pc
          ? `Principal components of the generator’s first hidden layer (“${pc.layer}”, ${pc.features.toLocaleString('en')} values) over ${pc.samples} draws at step ${pc.step.toLocaleString('en')}, carried back to the noise; beside each slider, its share of that layer’s variance.`
          : null;
  return (
    <Section title="Directions" testId="explore-sweep" state={moved}>
      <div className="explore-controls">
        <fieldset className="explore-mode">
          <legend>Directions</legend>
          {(['random', 'principal'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="explore-directions" value={k} checked={kind === k} onChange={() => props.onKind(k)} />
              {k} directions
            </label>
          ))}
        </fieldset>
      </div>
      {note && <p className="explore-note" data-testid="explore-directions-note">{note}</p>}
      {kind === 'principal' && principal.result && !principal.result.ok && (
        <p role="alert" className="explore-problem">
          {principal.result.message}
        </p>
      )}
      <div className="explore-sweep">
        <div className="explore-sliders">
          {offsets.map((o, i) => (
            <label key={i}>
              <span>
                Direction {i + 1}
                {pc && <small className="explore-explained"> {percent(pc.explained[i] ?? 0)} of variance</small>}
              </span>
              <input type="range" min={-REACH} max={REACH} step={0.25} value={o} disabled={!picked || !usable} onChange={(e) => props.onOffset(i, Number(e.target.value))} />
              <output>{o.toFixed(2)}</output>
            </label>
          ))}
        </div>
        {!picked ? (
          <p className="explore-note">Pick a sample to move it along these directions of the latent space.</p>
        ) : (
          usable && moved.result?.ok && <TileRow frame={moved.result.frame} label={() => 'Sample A moved'} name="Moved sample" />
        )}
      </div>
    </Section>
  );
}
