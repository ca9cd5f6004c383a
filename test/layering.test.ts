import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The project's folders are layers, each importing only those below it:
 *
 *   reference/    the machine: imports nothing of the rest
 *   observe/      running components on probes, judging, wording
 *   io/           shared file, output and page helpers
 *   experiments/  the experiments on the reference machine
 *   assignments/  the assignment framework, generators and the assignments
 *                 (an assignment's experiment tie-in plays an experiment's workload)
 *   starter/      the student's side of a handout (its failures diagnosed by
 *                 the assignment framework's rules)
 *   grader/       compiling, sandboxing, grading, reports
 *   cli/          the `vmlab` command, on top
 *
 * Tests and test support may reach across (a CLI test in grader/ runs the
 * CLI); production code may not. And no module imports itself back through
 * others: a cycle makes load order matter and hides which file depends on
 * which.
 */
const ROOT = path.join(__dirname, '..');
const LAYERS: Readonly<Record<string, readonly string[]>> = {
  reference: [],
  observe: ['reference'],
  io: ['reference'],
  experiments: ['reference', 'observe', 'io'],
  assignments: ['reference', 'observe', 'io', 'experiments'],
  starter: ['reference', 'observe', 'assignments'],
  grader: ['reference', 'observe', 'io', 'starter', 'assignments'],
  cli: ['reference', 'observe', 'io', 'starter', 'assignments', 'experiments', 'grader'],
};

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(path.join(ROOT, folder))) {
    const relative = `${folder}/${name}`;
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path.join(ROOT, relative)).isDirectory()) files.push(...sourceFiles(relative));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(relative);
  }
  return files;
}

/** The repository files a module imports (relative specifiers only: packages are not layers). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  const targets: string[] = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
    const found = [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => {
      try {
        return statSync(path.join(ROOT, candidate)).isFile();
      } catch {
        return false;
      }
    });
    if (found !== undefined) targets.push(found);
  }
  return targets;
}

/** The packages (and Node built-ins) a module imports, by package name. */
function packagesOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((name) => !name.startsWith('.'))
    .map((name) => name.replace(/^node:/, '').split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'));
}

const isTestCode = (file: string) => /\.test\.ts$/.test(file) || file.split('/').includes('test-support');
const layerOf = (file: string) => file.split('/')[0];

const files = Object.keys(LAYERS).flatMap(sourceFiles);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

test('the layers hold every production file', () => {
  expect(files.length).toBeGreaterThan(300);
});

test.each(Object.keys(LAYERS))('%s/ imports only the layers below it', (layer) => {
  const allowed = new Set([layer, ...LAYERS[layer]]);
  const violations = files
    .filter((file) => layerOf(file) === layer && !isTestCode(file))
    .flatMap((file) => graph.get(file)!.filter((target) => !allowed.has(layerOf(target))).map((target) => `${file} imports ${target}`));
  expect(violations).toEqual([]);
});

/** Packages the machine and the judging may use: they run inside the sandbox child and must not reach files, processes or the network. */
const PURE_LAYERS = ['reference', 'observe'];
const PURE_PACKAGES = new Set(['ajv']);

test.each(PURE_LAYERS)('%s/ does no I/O: it imports no package but pure ones', (layer) => {
  const violations = files
    .filter((file) => layerOf(file) === layer && !isTestCode(file))
    .flatMap((file) => packagesOf(file).filter((name) => !PURE_PACKAGES.has(name)).map((name) => `${file} imports ${name}`));
  expect(violations).toEqual([]);
});

test('no module imports itself back through others', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  expect(cycles).toEqual([]);
});

test('no two sibling folders import each other: each pair has a direction', () => {
  // A parent folder may dispatch to its subfolders while they use its shared files (observe/ and observe/tlb/);
  // folders side by side (grader/compile and grader/handout) must not lean on each other both ways.
  const folderOf = (file: string) => path.posix.dirname(file);
  const edges = new Set<string>();
  for (const [file, targets] of graph) {
    if (isTestCode(file)) continue;
    for (const target of targets) if (folderOf(file) !== folderOf(target)) edges.add(`${folderOf(file)} → ${folderOf(target)}`);
  }
  const nested = (a: string, b: string) => a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  const both = [...edges].filter((edge) => {
    const [from, to] = edge.split(' → ');
    return from < to && !nested(from, to) && edges.has(`${to} → ${from}`);
  });
  expect(both).toEqual([]);
});

test('the checks see a violation when there is one', () => {
  // A guard against a check that cannot fail: the walk must find the machine's own imports.
  expect(graph.get('reference/machine/machine.ts')).toContain('reference/hypervisor/host.ts');
});
