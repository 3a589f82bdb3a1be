'use client';
import { useCallback, useState } from 'react';

export type Toast = { id: number; kind: 'error' | 'info'; message: string; at?: { x: number; y: number } };

let next = 1;

/** Short messages: errors stay until dismissed or replaced, information fades after a few seconds. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (kind: Toast['kind'], message: string, at?: Toast['at']) => {
      const id = next++;
      // A toast at the cursor replaces the previous one there; general toasts stack (at most three).
      setToasts((ts) => [...ts.filter((t) => (at ? !t.at : true)).slice(-2), { id, kind, message, ...(at ? { at } : {}) }]);
      setTimeout(() => dismiss(id), kind === 'error' ? 9000 : 3500);
    },
    [dismiss],
  );
  return { toasts, show, dismiss };
}
