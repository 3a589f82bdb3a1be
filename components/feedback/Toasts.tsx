'use client';
import type { Toast } from './toasts';

export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: number) => void }) {
  const general = toasts.filter((t) => !t.at);
  const atCursor = toasts.filter((t) => t.at);
  return (
    <>
      <div className="toasts" aria-live="polite">
        {general.map((t) => (
          <div key={t.id} className="toast" data-kind={t.kind} role={t.kind === 'error' ? 'alert' : 'status'}>
            <span>{t.message}</span>
            <button type="button" className="icon-button" aria-label="Dismiss message" onClick={() => onDismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
      {atCursor.map((t) => (
        <div
          key={t.id}
          className="toast toast-at"
          data-kind={t.kind}
          role="alert"
          data-testid="connection-refused"
          style={t.at!.x + 360 > window.innerWidth ? { right: window.innerWidth - t.at!.x + 14, top: t.at!.y + 14 } : { left: t.at!.x + 14, top: t.at!.y + 14 }}
          onClick={() => onDismiss(t.id)}
        >
          {t.message}
        </div>
      ))}
    </>
  );
}
