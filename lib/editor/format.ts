/** Compact counts for node footers: 784, 12.5k, 1.47M, 2.1G. */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  const [div, unit] = abs < 1e6 ? [1e3, 'k'] : abs < 1e9 ? [1e6, 'M'] : [1e9, 'G'];
  const v = n / div;
  return String(parseFloat(v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2))) + unit;
}

export function formatParamCount(count: { trainable: number; nonTrainable: number }): string {
  const total = count.trainable + count.nonTrainable;
  return `${formatCount(total)} param${total === 1 ? '' : 's'}`;
}

/** Values as they read in a node's summary line. */
export function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.join('×');
  if (typeof v === 'number') return Math.abs(v) > 0 && Math.abs(v) < 1e-3 ? v.toExponential(0) : String(v);
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return String(v);
}

/** A count with its noun, for any count the UI prints: "1 error", "3 errors", "1,200 images". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * Time left, as the training bar says it: "45 s", "2 min 0 s", "1 h 5 min". Rounded up once, to whole seconds (whole
 * minutes past the hour), before it is split: rounding the parts apart made 119.6 s read "1 min 60 s".
 */
export function formatTimeLeft(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const m = Math.ceil(s / 60);
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
