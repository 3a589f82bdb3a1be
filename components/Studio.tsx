'use client';
import { ReactFlow, Background, Controls, MiniMap } from '@xyflow/react';
import { BackendBadge } from './BackendBadge';
import { useBackend } from './useBackend';

export function Studio() {
  const backend = useBackend();
  return (
    <div className="studio">
      <header className="topbar">
        <h1>GAN Studio</h1>
        <span className="spacer" />
        <BackendBadge state={backend} />
      </header>
      <main className="canvas" aria-label="Design canvas">
        <ReactFlow nodes={[]} edges={[]} fitView>
          <Background />
          <MiniMap />
          <Controls />
        </ReactFlow>
      </main>
    </div>
  );
}
