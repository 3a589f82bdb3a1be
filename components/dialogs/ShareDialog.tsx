'use client';
import { memo, useEffect, useRef, useState } from 'react';
import { Dialog } from './Dialog';

/** The share link, copied to the clipboard when allowed, and always shown to copy by hand. */
export const ShareDialog = memo(function ShareDialog({ url, onClose }: { url: string | null; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!url) return;
    let live = true;
    navigator.clipboard?.writeText(url).then(
      () => live && setCopied('yes'),
      () => live && setCopied('no'),
    );
    input.current?.select();
    return () => {
      live = false;
    };
  }, [url]);
  const kb = url ? (new TextEncoder().encode(url).length / 1024).toFixed(1) : '0';
  return (
    <Dialog open={url !== null} title="Share link" onClose={() => (setCopied(null), onClose())}>
      <p className="muted small dialog-lead">
        The whole design travels in the link&apos;s #fragment ({kb} KB), which browsers never send to a server. Anyone who opens it gets their own copy.
      </p>
      <div className="share-row">
        <input ref={input} readOnly aria-label="Share link" value={url ?? ''} onFocus={(e) => e.target.select()} data-testid="share-link" />
        <button
          type="button"
          className="button primary"
          onClick={() => url && navigator.clipboard?.writeText(url).then(() => setCopied('yes'), () => setCopied('no'))}
        >
          Copy
        </button>
      </div>
      <p className="small" role="status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser did not allow copying: select the link and copy it.' : ''}
      </p>
    </Dialog>
  );
}, (a, b) => a.url === null && b.url === null);
