// `npm run schema`: writes the JSON Schema of verdicts.json from its zod schema (the unit
// test reports/verdicts-file.test.ts fails while the committed file differs).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { VERDICTS_SCHEMA_PATH, verdictsJsonSchema } from './verdicts-file';

const path = resolve(import.meta.dirname, '..', VERDICTS_SCHEMA_PATH);
writeFileSync(path, verdictsJsonSchema());
process.stdout.write(`wrote ${path}\n`);
