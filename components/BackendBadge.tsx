'use client';
import type { BackendState } from './useBackend';

export function BackendBadge({ state }: { state: BackendState }) {
  const wasm = state.phase === 'ready' ? state.choice.wasm : undefined;
  const threads = wasm ? ` · ${wasm.threads} thread${wasm.threads === 1 ? '' : 's'}` : '';
  const text =
    state.phase === 'probing' ? 'Backend: testing backends…' : state.phase === 'ready' ? `Backend: ${state.choice.backend}${threads}` : 'Backend: unavailable';
  const title =
    state.phase === 'ready'
      ? [state.choice.reason, ...(wasm ? [`wasm: ${wasm.note}`] : []), ...state.choice.attempts.map((a) => `${a.backend}: ${a.reason}`)].join('\n')
      : state.phase === 'failed'
        ? state.message
        : 'Starting the training worker and trying the tfjs backends this browser offers (WebGPU, WebGL, WASM, CPU). Without a hardware GPU it times a short convolution step on each and trains on the fastest. This takes a few seconds.';
  return (
    <span
      className="badge"
      data-testid="backend-badge"
      data-state={state.phase}
      data-backend={state.phase === 'ready' ? state.choice.backend : ''}
      data-threads={wasm ? wasm.threads : undefined}
      data-threaded={wasm ? String(wasm.threaded) : undefined}
      title={title}
      role="status"
      aria-live="polite"
    >
      {text}
    </span>
  );
}
