'use client';
import type { BackendState } from './useBackend';

export function BackendBadge({ state }: { state: BackendState }) {
  const wasm = state.phase === 'ready' ? state.choice.wasm : undefined;
  const threads = wasm ? ` · ${wasm.threads} thread${wasm.threads === 1 ? '' : 's'}` : '';
  const text =
    state.phase === 'probing' ? 'Backend: checking…' : state.phase === 'ready' ? `Backend: ${state.choice.backend}${threads}` : 'Backend: unavailable';
  const title =
    state.phase === 'ready'
      ? [state.choice.reason, ...(wasm ? [`wasm: ${wasm.note}`] : []), ...state.choice.attempts.map((a) => `${a.backend}: ${a.reason}`)].join('\n')
      : state.phase === 'failed'
        ? state.message
        : 'Looking for WebGPU, WebGL, WASM and CPU backends';
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
