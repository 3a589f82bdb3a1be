import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designJsonSchema } from '../../../lib/graph/json-schema';

describe('docs/design.schema.json', () => {
  it('is generated from the current zod schema (run `npm run gen:schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync('docs/design.schema.json', 'utf8')) as unknown;
    expect(committed).toEqual(designJsonSchema());
  });
});
