/**
 * Debounced saving: every change schedules a write `delay` ms later (the last value wins), and `flush` writes at
 * once — on `pagehide`, or before another design opens — so no change is lost. Writes never overlap.
 */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error';

export type Autosaver<T> = {
  schedule(value: T): void;
  flush(): Promise<void>;
  dispose(): void;
};

export function createAutosaver<T>(opts: {
  write: (value: T) => Promise<void>;
  delay?: number;
  onStatus?: (status: SaveStatus, error?: unknown) => void;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}): Autosaver<T> {
  const delay = opts.delay ?? 250;
  const timers = opts.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  let writing: Promise<void> = Promise.resolve();
  const status = (s: SaveStatus, e?: unknown) => opts.onStatus?.(s, e);

  const flush = (): Promise<void> => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    const job = pending;
    pending = null;
    if (!job) return writing;
    writing = writing.then(async () => {
      status('saving');
      try {
        await opts.write(job.value);
        status(pending ? 'pending' : 'saved');
      } catch (e) {
        status('error', e);
      }
    });
    return writing;
  };

  return {
    schedule(value) {
      pending = { value };
      status('pending');
      if (timer !== null) timers.clear(timer);
      timer = timers.set(() => void flush(), delay);
    },
    flush,
    dispose() {
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
  };
}
