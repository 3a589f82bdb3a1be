// Writes docs/design.schema.json from the zod schema. A unit test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { designJsonSchema } from '../lib/graph/json-schema';

writeFileSync('docs/design.schema.json', `${JSON.stringify(designJsonSchema(), null, 2)}\n`);
console.log('wrote docs/design.schema.json');
