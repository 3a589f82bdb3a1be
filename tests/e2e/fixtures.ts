import { test as base, expect } from '@playwright/test';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for URLs the app may load: its own server, and in-page data and blob URLs. */
export function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

/**
 * Every test runs offline-guarded: a request that leaves localhost is aborted and fails the test
 * (the app must work with no network). Workers' requests are caught too: routes apply to the whole context.
 */
export const test = base.extend<{ offlineGuard: string[] }>({
  offlineGuard: [
    async ({ context }, use) => {
      const outside: string[] = [];
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (isLocal(url)) return route.continue();
        outside.push(url);
        return route.abort('blockedbyclient');
      });
      await use(outside);
      expect(outside, 'requests outside localhost').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
