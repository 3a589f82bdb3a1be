'use client';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { contentKey } from '../../lib/graph/content-key';
import type { Design } from '../../lib/graph/schema';
import type { RunState } from '../../lib/train/run-state';
import { trainingClient } from './worker-client';

/**
 * The training dashboard's state, and a loaded trainer for `design`. The trainer is (re)built when the design's
 * content changes, not when blocks only move on the canvas (a rebuild starts from fresh weights); on the first load
 * it resumes from the design's checkpoint in IndexedDB, if there is one.
 */
export function useTraining(design: Design | null, key: string | null): RunState {
  const state = useSyncExternalStore(trainingClient.subscribe, trainingClient.getState, trainingClient.getServerState);
  const loaded = useRef<string | null>(null);
  // The design as text, once per design: this hook re-renders on every message from the worker while it trains.
  const content = useMemo(() => (design ? contentKey(design) : null), [design]);
  const ready = state.backend !== null;
  useEffect(() => {
    if (!design || !content || !key || !ready || loaded.current === `${key}\n${content}`) return;
    const firstLoadOfKey = !loaded.current || !loaded.current.startsWith(`${key}\n`);
    loaded.current = `${key}\n${content}`;
    trainingClient.send({ type: 'load', design, key, resume: firstLoadOfKey });
  }, [design, content, key, ready]);
  return state;
}
