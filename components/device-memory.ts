/** `navigator.deviceMemory` in GB where the browser reports it (Chromium); undefined elsewhere and on the server. */
export function deviceMemory(): number | undefined {
  if (typeof navigator === 'undefined') return undefined;
  const gb = (navigator as Navigator & { deviceMemory?: unknown }).deviceMemory;
  return typeof gb === 'number' ? gb : undefined;
}
