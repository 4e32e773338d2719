/**
 * Writes schema/charter.schema.json from CharterSchema (`npm run schema`).
 * Run it after every change to src/charter/schema.ts; a test fails while the
 * committed file and the code disagree. An optional argument names another
 * output path.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { charterJsonSchemaText } from '../src/charter/json-schema.js';

const target = resolve(process.argv[2] ?? 'schema/charter.schema.json');
writeFileSync(target, charterJsonSchemaText());
console.log(`Wrote ${target}`);
