'use client';
import { useEffect, useState } from 'react';
import type { Vector } from '../../lib/explore/latent';
import type { ExploreResult } from '../../lib/train/protocol';
import { trainingClient } from '../training/worker-client';
import { pack } from './explore-vectors';

/** What the explorer asks the worker for: noise vectors and, for a conditional design, a label per vector. */
export type Ask = { vectors: readonly Vector[]; labels: Int32Array | null };

/**
 * G's samples for `ask`, asked of the training worker whenever it changes (null: nothing to ask). Answers to asks
 * already replaced are dropped, so a slow earlier request never overwrites a later frame.
 */
export function useExplored(ask: Ask | null): { result: ExploreResult | null; pending: boolean } {
  const [answer, setAnswer] = useState<{ ask: Ask; result: ExploreResult } | null>(null);
  useEffect(() => {
    if (!ask || ask.vectors.length === 0) return;
    let live = true;
    trainingClient
      .explore(pack(ask.vectors), ask.labels ? ask.labels.slice() : undefined)
      .then((result) => live && setAnswer({ ask, result }))
      .catch((e: unknown) => live && setAnswer({ ask, result: { ok: false, message: e instanceof Error ? e.message : String(e) } }));
    return () => {
      live = false;
    };
  }, [ask]);
  // The last answer stays on screen while the next is drawn (no flicker as a slider moves); `pending` says it is old.
  return { result: ask ? (answer?.result ?? null) : null, pending: ask !== null && answer?.ask !== ask };
}
