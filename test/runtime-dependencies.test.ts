import { readFileSync } from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import * as ts from 'typescript';
import { graderSourceFiles } from '../grader/gradescope/autograder-files';

/**
 * The Gradescope image installs vmlab with `npm ci --omit=dev`, and the
 * PrairieLearn fragment copies only `dependencies`: every package the shipped
 * sources import must be one of them, or grading fails on the platform while
 * passing here, where the development packages are installed too.
 */
const ROOT = path.resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return builtinModules.includes(name) ? undefined : name;
}

test('every package the shipped grader sources import is a runtime dependency', () => {
  const sources = graderSourceFiles(ROOT, path.join(ROOT, 'assignments', 'walk')).filter((file) => /\.(ts|js)$/.test(file));
  const imported = new Map<string, string>();
  for (const file of sources) {
    for (const reference of ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true).importedFiles) {
      const name = packageOf(reference.fileName);
      if (name !== undefined && !imported.has(name)) imported.set(name, file);
    }
  }
  expect(sources.length).toBeGreaterThan(100);
  expect([...imported.keys()]).toEqual(expect.arrayContaining(['typescript', 'ajv', 'handlebars']));
  const missing = [...imported].filter(([name]) => manifest.dependencies[name] === undefined).map(([name, file]) => `${name} (imported by ${file})`);
  expect(missing).toEqual([]);
});
