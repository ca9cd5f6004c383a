import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { vmlabRoot } from '../../io/vmlab-root';
import { manifestSchema, suiteSchema } from './manifest-schema';

/**
 * assignments/*.schema.json are the TypeScript-typed schemas written out for
 * editors and other tools; they must not drift. To accept a change:
 * `VMLAB_WRITE_SCHEMAS=1 npx jest assignments/framework/schema-files`.
 */
const FILES = [
  { file: 'assignments/assignment.schema.json', schema: manifestSchema, title: 'vmlab assignment manifest' },
  { file: 'assignments/suite.schema.json', schema: suiteSchema, title: 'vmlab test suite' },
];

test.each(FILES)('$file matches the schema in manifest-schema.ts', ({ file, schema, title }) => {
  const expected = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title, ...schema }, null, 2) + '\n';
  const fullPath = path.join(vmlabRoot(), file);
  if (process.env.VMLAB_WRITE_SCHEMAS === '1') writeFileSync(fullPath, expected);
  expect(readFileSync(fullPath, 'utf8')).toBe(expected);
});

test.each(FILES)('$file is a valid JSON Schema', ({ schema }) => {
  const ajv = new Ajv({ discriminator: true, strictRequired: false });
  expect(ajv.validateSchema(schema)).toBe(true);
});
