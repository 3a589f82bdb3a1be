'use client';
import { useSyncExternalStore } from 'react';

/** Light or dark, remembered per browser; the CSS variables in app/globals.css follow :root[data-theme]. */
export type Theme = 'light' | 'dark';
const KEY = 'gan-studio-theme';
const listeners = new Set<() => void>();

function stored(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark') return v;
  } catch {
    // storage can be disabled; fall through to the system preference
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

// Read on every render of every component that asks for the theme; the DOM is consulted once, then kept here.
let known: Theme | null = null;

function current(): Theme {
  if (known) return known;
  const t = document.documentElement.dataset['theme'];
  known = t === 'dark' || t === 'light' ? t : stored();
  return known;
}

export function setTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
  known = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // the choice then lasts for this page only
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  if (listeners.size === 0 && !document.documentElement.dataset['theme']) document.documentElement.dataset['theme'] = stored();
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, current, () => 'light');
}
