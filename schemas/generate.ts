// `npm run schemas`: writes the published JSON Schemas from the zod schemas they are made from.
import { writeFileSync } from 'node:fs';
import { jsonReportJsonSchema } from '../src/report/report-schema.ts';

writeFileSync(new URL('./corectl.report.v1.json', import.meta.url), `${JSON.stringify(jsonReportJsonSchema(), null, 2)}\n`);
