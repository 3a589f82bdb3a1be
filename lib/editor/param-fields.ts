import { z } from 'zod';

/**
 * Form fields from a params schema, via zod's JSON Schema (the same bounds and `.describe()` text the validator
 * uses), so the inspector never restates a block's params.
 */
export type Field =
  | { kind: 'number'; name: string; help: string; integer: boolean; min?: number; max?: number; exclusiveMin?: boolean; defaultValue?: number }
  | { kind: 'select'; name: string; help: string; options: readonly (string | number)[]; defaultValue?: string | number }
  | { kind: 'boolean'; name: string; help: string; defaultValue?: boolean }
  | { kind: 'intList'; name: string; help: string; min?: number; max?: number; minItems?: number; maxItems?: number; defaultValue?: number[] }
  | { kind: 'network'; name: string; help: string }
  | { kind: 'text'; name: string; help: string; defaultValue?: string };

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
};

const cache = new WeakMap<z.ZodType, Field[]>();

export function fieldsOf(schema: z.ZodType): Field[] {
  const hit = cache.get(schema);
  if (hit) return hit;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const fields = Object.entries(json.properties ?? {}).map(([name, s]) => toField(name, s));
  cache.set(schema, fields);
  return fields;
}

function toField(name: string, s: JsonSchema): Field {
  const help = s.description ?? '';
  // Blocks that bind to a network name it by id: the inspector offers the design's networks.
  if (name === 'network' && s.type === 'string') return { kind: 'network', name, help };
  if (s.enum) return { kind: 'select', name, help, options: s.enum.filter(isOption), ...dflt(s, isOption) };
  if (s.anyOf && s.anyOf.every((o) => o.const !== undefined && isOption(o.const))) {
    return { kind: 'select', name, help, options: s.anyOf.map((o) => o.const as string | number), ...dflt(s, isOption) };
  }
  if (s.type === 'boolean') return { kind: 'boolean', name, help, ...dflt(s, (v): v is boolean => typeof v === 'boolean') };
  if (s.type === 'integer' || s.type === 'number') {
    return {
      kind: 'number',
      name,
      help,
      integer: s.type === 'integer',
      ...(s.minimum !== undefined ? { min: s.minimum } : s.exclusiveMinimum !== undefined ? { min: s.exclusiveMinimum, exclusiveMin: true } : {}),
      ...(s.maximum !== undefined ? { max: s.maximum } : {}),
      ...dflt(s, (v): v is number => typeof v === 'number'),
    };
  }
  if (s.type === 'array' && (s.items?.type === 'integer' || s.items?.type === 'number')) {
    return {
      kind: 'intList',
      name,
      help,
      ...(s.items.minimum !== undefined ? { min: s.items.minimum } : {}),
      ...(s.items.maximum !== undefined ? { max: s.items.maximum } : {}),
      ...(s.minItems !== undefined ? { minItems: s.minItems } : {}),
      ...(s.maxItems !== undefined ? { maxItems: s.maxItems } : {}),
      ...dflt(s, (v): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number')),
    };
  }
  return { kind: 'text', name, help, ...dflt(s, (v): v is string => typeof v === 'string') };
}

const isOption = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

function dflt<T>(s: JsonSchema, is: (v: unknown) => v is T): { defaultValue?: T } {
  return is(s.default) ? { defaultValue: s.default } : {};
}

/** A param's label as the inspector shows it and names its control: "learningRate" → "Learning rate". */
export function fieldLabel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, (_m, a: string, b: string) => `${a} ${b.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase());
}

/** "1 – 1,000,000" style bounds for the help line. */
export function boundsText(f: Field): string {
  if (f.kind !== 'number' && f.kind !== 'intList') return '';
  const fmt = (n: number) => (Math.abs(n) >= 1e4 || n === 0 || Math.abs(n) >= 0.01 ? n.toLocaleString('en') : String(n));
  const lo = f.min !== undefined ? `${f.kind === 'number' && f.exclusiveMin ? '>' : '≥'} ${fmt(f.min)}` : '';
  const hi = f.max !== undefined ? `≤ ${fmt(f.max)}` : '';
  return [lo, hi].filter(Boolean).join(', ');
}

/** The text an input shows for a value. */
export function formatFieldValue(f: Field, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (f.kind === 'intList') return Array.isArray(value) ? value.join(', ') : String(value);
  return String(value);
}

export type FieldInput = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * What the user typed, as a value for the document. Out-of-range numbers are accepted here: the validator reports
 * them on the node with the block's own message, which is better than silently refusing the keystroke.
 */
export function parseFieldInput(f: Field, text: string): FieldInput {
  const t = text.trim();
  switch (f.kind) {
    case 'number': {
      if (t === '') return { ok: false, message: 'Enter a number.' };
      const n = Number(t);
      if (!Number.isFinite(n)) return { ok: false, message: `"${t}" is not a number.` };
      if (f.integer && !Number.isInteger(n)) return { ok: false, message: 'Enter a whole number.' };
      return { ok: true, value: n };
    }
    case 'intList': {
      const parts = t.split(/[\s,×x]+/).filter(Boolean);
      if (parts.length === 0) return { ok: false, message: 'Enter whole numbers separated by commas.' };
      const values = parts.map(Number);
      if (values.some((v) => !Number.isInteger(v))) return { ok: false, message: 'Enter whole numbers separated by commas, e.g. 28, 28, 1.' };
      return { ok: true, value: values };
    }
    case 'select': {
      const match = f.options.find((o) => String(o) === t);
      return match === undefined ? { ok: false, message: `Pick one of ${f.options.join(', ')}.` } : { ok: true, value: match };
    }
    case 'boolean':
      return { ok: true, value: t === 'true' };
    case 'network':
    case 'text':
      return { ok: true, value: text };
  }
}
