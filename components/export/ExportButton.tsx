'use client';
import { useState } from 'react';
import type { Design } from '../../lib/graph/schema';
import type { TrainedWeights } from './api';
import { ExportDialog } from './ExportDialog';

/**
 * "Export project" for the Studio header: opens the export dialog for `design`. With `loadWeights`, the weights it
 * returns (a browser checkpoint) travel with the export and become the project's initial checkpoint.
 */
export function ExportButton({ design, loadWeights, className = 'button' }: { design: Design | null; loadWeights?: () => Promise<TrainedWeights | null>; className?: string }) {
  const [open, setOpen] = useState(false);
  const [weights, setWeights] = useState<TrainedWeights | null>(null);
  const start = async () => {
    setWeights(loadWeights ? await loadWeights().catch(() => null) : null);
    setOpen(true);
  };
  return (
    <>
      <button type="button" className={className} disabled={!design} onClick={() => void start()} title="Export a standalone training project: TypeScript (Node, tfjs) or PyTorch">
        Export project
      </button>
      {design && <ExportDialog design={design} open={open} weights={weights} onClose={() => setOpen(false)} />}
    </>
  );
}
