import { z } from 'zod';
import { zDesignV1 } from './schema';

/** The design document's JSON Schema, generated from the zod schema (the one source of truth) into docs/. */
export function designJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(zDesignV1, { io: 'input' }),
    title: 'GAN Studio design (*.gan.json), version 1',
  };
}
