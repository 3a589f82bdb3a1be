'use client';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { contentKey } from '../../lib/graph/content-key';
import type { Design } from '../../lib/graph/schema';
import type { RunState } from '../../lib/train/run-state';
import { trainingClient } from './worker-client';

/**
 * The training dashboard's state, and the design sent to the training worker whenever its content changes (not when
 * blocks only move on the canvas). The worker decides what an edit means for the run (lib/train/run-design.ts): a
 * design opened loads its own run from IndexedDB; an edit the run does not depend on is taken on; an edit of what it
 * trains keeps the run and waits for the user (DesignChangedBanner). A new worker (another backend) gets it again.
 */
export function useTraining(design: Design | null, key: string | null): RunState {
  const state = useSyncExternalStore(trainingClient.subscribe, trainingClient.getState, trainingClient.getServerState);
  const sent = useRef<string | null>(null);
  // The design as text, once per design: this hook re-renders on every message from the worker while it trains.
  const content = useMemo(() => (design ? contentKey(design) : null), [design]);
  // A new choice object: a worker (the first, or the next after a backend switch) is ready for the design.
  const backend = state.backend;
  useEffect(() => {
    if (!design || !content || !key || !backend) return;
    const id = `${trainingClient.generation()}\n${key}\n${content}`;
    if (sent.current === id) return;
    sent.current = id;
    trainingClient.send({ type: 'design', key, design });
  }, [design, content, key, backend]);
  return state;
}
