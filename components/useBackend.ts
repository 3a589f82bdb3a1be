'use client';
import { useSyncExternalStore } from 'react';
import type { BackendChoice } from '../lib/train/backends';
import { trainingClient } from './training/worker-client';

export type BackendState = { phase: 'probing' } | { phase: 'ready'; choice: BackendChoice } | { phase: 'failed'; message: string };

/** Which tfjs backend the training worker chose, and why. */
export function useBackend(): BackendState {
  const s = useSyncExternalStore(trainingClient.subscribe, trainingClient.getState, trainingClient.getServerState);
  if (s.backend) return { phase: 'ready', choice: s.backend };
  if (s.error && s.phase === 'idle') return { phase: 'failed', message: s.error };
  return { phase: 'probing' };
}
