'use client';
import { useRef, useState } from 'react';
import type { Vector } from '../../lib/explore/latent';
import { NEAREST_POOL } from '../../lib/explore/nearest';
import type { NearestResult } from '../../lib/train/protocol';
import { trainingClient } from '../training/worker-client';
import { Section, TileRow } from './ExploreTiles';

/** A nearest distance under this share of the typical one flags the sample as a likely near-copy. */
const COPY_SHARE = 0.5;
/** "an 8", "a 3": the article before a digit read aloud. */
const aDigit = (d: number) => `${d === 8 ? 'an' : 'a'} ${d}`;

/**
 * The memorisation check: the training images nearest to sample A in the MNIST classifier's features, with their
 * distances and the distance training images typically keep from each other. `unavailable`: why the check does not
 * apply to this design, shown instead of the button.
 */
export function NearestSection({
  latent,
  label,
  sample,
  unavailable,
  onFound,
}: {
  latent: Vector | null;
  label: number | null;
  sample: number | null;
  unavailable: string | null;
  /** Each found answer with the A it belongs to (the dialog's PNG export draws it). */
  onFound?: (latent: Vector, result: Extract<NearestResult, { ok: true }>) => void;
}) {
  const [answer, setAnswer] = useState<{ latent: Vector; label: number | null; result: NearestResult | null } | null>(null);
  /** The question asked last: an older one's answer is dropped. */
  const latest = useRef<object | null>(null);
  // An answer belongs to the A it was asked for: a new pick shows the button again.
  const current = answer && answer.latent === latent && answer.label === label ? answer : null;
  const find = () => {
    if (!latent) return;
    const asked = { latent, label, result: null };
    latest.current = asked;
    setAnswer(asked);
    trainingClient
      .nearest(latent.slice(), label === null ? undefined : Int32Array.of(label))
      .then((result) => {
        // Only the answer to the latest question counts, here and in the dialog's PNG.
        if (latest.current !== asked) return;
        setAnswer({ ...asked, result });
        if (result.ok) onFound?.(latent, result);
      })
      .catch((e: unknown) => {
        if (latest.current === asked) setAnswer({ ...asked, result: { ok: false, message: e instanceof Error ? e.message : String(e) } });
      });
  };
  const result = current?.result ?? null;
  const ok = result?.ok ? result : null;
  const closest = ok?.neighbours[0];
  return (
    <Section title="Nearest training images" testId="explore-nearest" state={{ result, pending: current !== null && result === null }}>
      {unavailable ? (
        <p className="explore-note" data-testid="explore-nearest-unavailable">
          Not available for this design. {unavailable}
        </p>
      ) : (
        <>
          <div className="explore-controls">
            <button type="button" className="button" disabled={!latent || (current !== null && result === null)} onClick={find}>
              Find the nearest training images
            </button>
            <span className="explore-note">
              {latent
                ? `For sample ${sample! + 1} (A), among ${NEAREST_POOL.toLocaleString('en')} MNIST training images, in the MNIST classifier’s features; the first search embeds them (a few seconds).`
                : 'Pick a sample (A) to check whether the generator copies training images.'}
            </span>
          </div>
          {current && result === null && <p role="status">Embedding the training images and searching…</p>}
          {ok && closest && (
            <>
              <p className="explore-note" role="status">
                The classifier reads sample A as {aDigit(ok.sampleClass)} ({(100 * ok.confidence).toFixed(0)} %). Its nearest training image is {closest.distance.toFixed(2)} away; training images lie a
                median {ok.typical.toFixed(2)} from their own nearest neighbour among the {ok.pool.toLocaleString('en')} searched.{' '}
                {closest.distance < COPY_SHARE * ok.typical ? 'That is much closer than training images are to each other: sample A may be a copy of it.' : 'No sign that sample A copies one of them.'}
              </p>
              <TileRow
                frame={ok.frame}
                name="Nearest training images, nearest first"
                label={(k) => {
                  const nb = ok.neighbours[k]!;
                  return `Training image ${nb.index.toLocaleString('en')}${nb.label === null ? '' : `, ${aDigit(nb.label)}`}, distance ${nb.distance.toFixed(2)}`;
                }}
              />
              <ol className="explore-distances" aria-hidden>
                {ok.neighbours.map((nb) => (
                  <li key={nb.index}>{nb.distance.toFixed(2)}</li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </Section>
  );
}
