'use client';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Design } from '../../lib/graph/schema';
import type { RunState } from '../../lib/train/run-state';
import { trainingClient } from './worker-client';

/**
 * The training dashboard's state, and a loaded trainer for `design`. The trainer is (re)built when the design's
 * content changes; on the first load it resumes from the design's checkpoint in IndexedDB, if there is one.
 */
export function useTraining(design: Design | null, key: string | null): RunState {
  const state = useSyncExternalStore(trainingClient.subscribe, trainingClient.getState, trainingClient.getServerState);
  const loaded = useRef<string | null>(null);
  const json = design ? JSON.stringify(design) : null;
  const ready = state.backend !== null;
  useEffect(() => {
    if (!json || !key || !ready || loaded.current === `${key}\n${json}`) return;
    const firstLoadOfKey = !loaded.current || !loaded.current.startsWith(`${key}\n`);
    loaded.current = `${key}\n${json}`;
    trainingClient.send({ type: 'load', design: JSON.parse(json) as Design, key, resume: firstLoadOfKey });
  }, [json, key, ready]);
  return state;
}
