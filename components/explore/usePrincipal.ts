'use client';
import { useEffect, useState } from 'react';
import type { PrincipalResult } from '../../lib/train/protocol';
import { trainingClient } from '../training/worker-client';

/**
 * The loaded run's first `count` principal directions, asked of the worker the first time `wanted` is true and kept
 * while the explorer is open (the run's weights do not change under it: the grid is drawn once too).
 */
export function usePrincipal(wanted: boolean, count: number): { result: PrincipalResult | null; pending: boolean } {
  const [answer, setAnswer] = useState<{ count: number; result: PrincipalResult } | null>(null);
  const have = answer?.count === count;
  useEffect(() => {
    if (!wanted || have) return;
    let live = true;
    trainingClient
      .principal(count)
      .then((result) => live && setAnswer({ count, result }))
      .catch((e: unknown) => live && setAnswer({ count, result: { ok: false, message: e instanceof Error ? e.message : String(e) } }));
    return () => {
      live = false;
    };
  }, [wanted, have, count]);
  return { result: have ? answer.result : null, pending: wanted && !have };
}
