import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as compiledSources from './compiled-sources';
import { PREPARED_FOLDER, sourceKey } from './prepared-sources';

/**
 * The plain-JavaScript loader of a handout's TypeScript, run in a Node of its
 * own (jest's `require` is not Node's): JavaScript shipped for a source
 * text is used as is, a source seen nowhere is compiled once and cached.
 */
test('the loader and the TypeScript side agree on the folder and the key of a source', () => {
  expect(compiledSources.PREPARED_FOLDER).toBe(PREPARED_FOLDER);
  for (const text of ['', 'export const a = 1;\n', 'é\u0000']) expect(compiledSources.sourceKey(text)).toBe(sourceKey(text));
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'vmlab-compiled-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Load `file` of `root` with the loader in a fresh Node, and say what its `where` export is. */
function loadWhere(file: string): string {
  const script = `require(${JSON.stringify(path.join(__dirname, 'compiled-sources.js'))}).installCompiledSources(${JSON.stringify(root)}); process.stdout.write(require(${JSON.stringify(path.join(root, file))}).where);`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout;
}

test('JavaScript shipped for the exact source text is loaded instead of compiling it', () => {
  const source = "export const where: string = 'compiled from the source';\n";
  writeFileSync(path.join(root, 'shipped.ts'), source);
  mkdirSync(path.join(root, PREPARED_FOLDER, 'js'), { recursive: true });
  writeFileSync(path.join(root, PREPARED_FOLDER, 'js', `${sourceKey(source)}.js`), "exports.where = 'shipped';\n");
  expect(loadWhere('shipped.ts')).toBe('shipped');
  // Another text is another key: the edited file is compiled.
  writeFileSync(path.join(root, 'shipped.ts'), `${source}// edited\n`);
  expect(loadWhere('shipped.ts')).toBe('compiled from the source');
});

test('a source seen nowhere is compiled once, and its JavaScript kept in the cache for the next run', () => {
  const source = "export const where: string = 'compiled from the source';\n";
  writeFileSync(path.join(root, 'new.ts'), source);
  expect(loadWhere('new.ts')).toBe('compiled from the source');
  const cached = path.join(root, PREPARED_FOLDER, 'cache', 'js', `${sourceKey(source)}.js`);
  expect(existsSync(cached)).toBe(true);
  expect(readFileSync(cached, 'utf8')).toContain("exports.where = 'compiled from the source';");
  writeFileSync(cached, "exports.where = 'from the cache';\n");
  expect(loadWhere('new.ts')).toBe('from the cache');
});

test('compiling ahead caches what is not shipped yet, and leaves shipped JavaScript alone', () => {
  const shipped = "export const where: string = 'shipped';\n";
  const edited = "export const where: string = 'edited';\n";
  writeFileSync(path.join(root, 'shipped.ts'), shipped);
  writeFileSync(path.join(root, 'edited.ts'), edited);
  mkdirSync(path.join(root, PREPARED_FOLDER, 'js'), { recursive: true });
  writeFileSync(path.join(root, PREPARED_FOLDER, 'js', `${sourceKey(shipped)}.js`), "exports.where = 'shipped';\n");
  compiledSources.compileAhead(root, ['shipped.ts', 'edited.ts']);
  const cache = path.join(root, PREPARED_FOLDER, 'cache', 'js');
  expect(existsSync(path.join(cache, `${sourceKey(shipped)}.js`))).toBe(false);
  expect(readFileSync(path.join(cache, `${sourceKey(edited)}.js`), 'utf8')).toContain("exports.where = 'edited';");
  expect(loadWhere('edited.ts')).toBe('edited');
});
