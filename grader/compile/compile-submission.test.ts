import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Components } from '../../reference/components';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { handoutFiles, HandoutVariant } from '../handout/handout-layout';
import { vmlabRoot } from '../../io/vmlab-root';
import { COMPILED_COMPONENTS_MODULE, CompiledSubmission, SubmissionCompiler } from './compile-submission';

const repoRoot = vmlabRoot();
const walk = loadAssignment(path.join(repoRoot, 'assignments/walk'));
const shadow = loadAssignment(path.join(repoRoot, 'assignments/shadow'));
/** The instructor's key, in student form: it compiles over the students' handout like any submission. */
const WALKER_KEY = handoutFiles(repoRoot, walk, 'key').get('starter/src/walker.ts')!;
/** A file that tries to reach the reference solution, which the students' handout does not hold. */
const REFERENCE_WALKER_REEXPORT = `export { referenceWalker as walker } from '../../reference/paging/reference-walker';\n`;
const SHADOW_SYNC_STUB = `import { ShadowSync } from '../../reference/hypervisor/shadow/shadow-sync';
export const shadowSync: ShadowSync = {
  pageTableWrite() {},
  frameOverwrite() {},
  cr3Write(_root, _context) {
    const hpa: bigint = 'not a number';
    return hpa === 0n ? null : null;
  },
  invlpg() {},
};
`;
const HIDDEN_FAULT_HANDLER = `import { HiddenFaultHandler } from '../../reference/hypervisor/shadow/hidden-fault-handler';
import { readFileSync } from 'fs';
export const hiddenFaultHandler: HiddenFaultHandler = {
  handle() {
    throw new Error('student code ran ' + typeof readFileSync);
  },
};
`;
/** The worked vector of the walk assignment's public suite. */
const WALK_PROBE = {
  kind: 'walk',
  control: { wp: true, nxe: true, levels: 4 },
  root: '0x1000',
  va: '0x7f1234567abc',
  access: { kind: 'read', user: true },
  memory: { '0x17f0': '0x2027', '0x2240': '0x3027', '0x3d10': '0x4027', '0x4b38': '0x5067' },
} as unknown as Probe;

const scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-compile-'));
/** One compiler per assignment and handout, as a batch keeps one: each starts a compile worker. */
const compilers = new Map<string, SubmissionCompiler>();
afterAll(() => {
  for (const compiler of compilers.values()) compiler.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** Compile a submission folder into out/<name> with the (shared) compiler over that handout. */
function compile(assignment: LoadedAssignment, variant: HandoutVariant, submissionDir: string, name: string): Promise<CompiledSubmission> {
  const key = `${assignment.manifest.id}/${variant}`;
  if (!compilers.has(key)) compilers.set(key, new SubmissionCompiler({ repoRoot, assignment, handout: handoutFiles(repoRoot, assignment, variant) }));
  return compilers.get(key)!.compile(submissionDir, path.join(scratch, 'out', name));
}

function submission(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, 'submissions', name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function load(compiled: CompiledSubmission): Components {
  return (require(path.join(compiled.root, compiled.componentsModule)) as { COMPONENTS: Components }).COMPONENTS;
}

function observeCompiled(compiled: CompiledSubmission, probe: Probe): Observation {
  const { observe } = require(path.join(compiled.root, 'observe/observe.js')) as { observe: (probe: Probe, components: Components) => Observation };
  return observe(probe, load(compiled));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe("the instructor key of walk, compiled over the students' handout", () => {
  let compiled: CompiledSubmission;
  beforeAll(async () => {
    // Also copies of handout files, as a GitHub Classroom repository holds: part of the assignment, not extra.
    const handoutCopies = { 'package.json': '{}', 'README.md': 'handout', 'tsconfig.json': '{}', 'reference/paging/constants.ts': 'export {};' };
    const dir = submission('walk-key', { 'starter/src/walker.ts': WALKER_KEY, 'notes.md': 'hi', 'extra/helper.ts': 'export {};', '.git/HEAD': 'x', ...handoutCopies });
    compiled = await compile(walk, 'stubs', dir, 'walk-key');
  });

  it('has no broken component and lists the extra files, not dot-folders nor the handout\'s own files', () => {
    expect(compiled.brokenComponents.size).toBe(0);
    expect(compiled.extraFiles).toEqual(['extra/helper.ts', 'notes.md']);
  });

  it('walks from the compiled JavaScript: the worked vector translates', () => {
    expect(observeCompiled(compiled, WALK_PROBE)).toMatchObject({
      kind: 'walk',
      steps: [{ level: 4, entryAddress: '0x17f0' }, { level: 3 }, { level: 2 }, { level: 1, entryAddress: '0x4b38' }],
      result: { ok: true, address: '0x5abc', pageSize: '0x1000', leafLevel: 1 },
    });
  });

  it('holds JavaScript only, the runtime packages, and neither the harness nor the goldens', () => {
    const files = filesUnder(compiled.root);
    expect(files.filter((file) => file.endsWith('.ts') && !file.startsWith('node_modules'))).toEqual([]);
    expect(files).toContain(path.join('starter', 'src', 'walker.js'));
    expect(existsSync(path.join(compiled.root, 'node_modules/ajv/package.json'))).toBe(true);
    expect(existsSync(path.join(compiled.root, 'node_modules/fast-uri/package.json'))).toBe(true);
    expect(files.some((file) => file.includes('goldens') || file.includes('run-public-test'))).toBe(false);
  });

  it('wires the components the assignment leaves out to the absent stand-ins', () => {
    expect(() => load(compiled).shadowSync.invlpg(0n as never, {} as never)).toThrow('shadowSync is not part of this assignment');
  });
});

describe('a batch compiler sharing the substrate', () => {
  it('writes reference/ and the packages once, links every build to them, and removes them on dispose', async () => {
    const compiler = new SubmissionCompiler({ repoRoot, assignment: walk, handout: handoutFiles(repoRoot, walk, 'stubs'), shareSubstrate: true });
    const dir = submission('walk-shared', { 'starter/src/walker.ts': WALKER_KEY });
    // Known, and made empty, before the first compile: a sandbox can be started on a build before it exists.
    const before = compiler.sharedFolders();
    expect(before).toHaveLength(1);
    expect(readdirSync(before[0])).toEqual([]);
    expect(compiler.writtenSubstrate()).toBeUndefined();
    const first = await compiler.compile(dir, path.join(scratch, 'out/walk-shared-1'));
    const second = await compiler.compile(dir, path.join(scratch, 'out/walk-shared-2'));
    try {
      expect(first.sharedFolders).toEqual(before);
      expect(compiler.writtenSubstrate()).toBe(before[0]);
      expect(second.sharedFolders).toEqual(first.sharedFolders);
      expect(first.componentsModule).toBe(COMPILED_COMPONENTS_MODULE);
      const [shared] = first.sharedFolders;
      for (const compiled of [first, second]) {
        expect(realpathSync(path.join(compiled.root, 'reference'))).toBe(path.join(shared, 'reference'));
        expect(realpathSync(path.join(compiled.root, 'node_modules'))).toBe(path.join(shared, 'node_modules'));
        expect(filesUnder(path.join(compiled.root, 'starter')).sort()).toEqual(['harness', 'harness/assignment-components.js', 'harness/provided-components.js', 'harness/stand-ins.js', 'src', 'src/walker.js'].map((file) => file.split('/').join(path.sep)));
      }
      expect(observeCompiled(second, WALK_PROBE)).toMatchObject({ kind: 'walk', result: { ok: true, address: '0x5abc' } });
    } finally {
      compiler.dispose();
    }
    expect(existsSync(first.sharedFolders[0])).toBe(false);
  });
});

describe('a submission of walk', () => {
  it('cannot reach the reference solution, which the students’ handout does not hold', async () => {
    const dir = submission('walk-cheat', { 'starter/src/walker.ts': REFERENCE_WALKER_REEXPORT });
    const compiled = await compile(walk, 'stubs', dir, 'walk-cheat');
    const broken = compiled.brokenComponents.get('walker');
    expect(broken?.reason).toBe('does-not-compile');
    expect(broken?.problems[0]).toMatchObject({ file: 'starter/src/walker.ts', line: 1, message: expect.stringContaining("Cannot find module '../../reference/paging/reference-walker'") });
    expect(existsSync(path.join(compiled.root, 'starter/src/walker.js'))).toBe(false);
    expect(existsSync(path.join(compiled.root, 'reference/paging/reference-walker.js'))).toBe(false);
    expect(() => load(compiled).walker.walk({} as never, () => 0n)).toThrow(/^walker does not compile: starter\/src\/walker.ts:1: Cannot find module/);
  });
});

describe("Node's globals in a submission", () => {
  // The grader checks with a console and the language's globals first, and with Node's types when a name is missing:
  // a submission compiles (or not) exactly as under Node's types.
  it('a walker using Buffer and process compiles, and one misusing them is refused as under Node’s types', async () => {
    const usesNode = WALKER_KEY.replace(/^/, 'const kept: Buffer = Buffer.alloc(1);\nexport const debug = process.env.DEBUG === "1" && kept.length > 0;\n');
    const fine = await compile(walk, 'stubs', submission('walk-node-globals', { 'starter/src/walker.ts': usesNode }), 'walk-node-globals');
    expect(fine.brokenComponents.size).toBe(0);
    const misuses = WALKER_KEY.replace(/^/, 'export const wrong: number = process.env.HOME;\n');
    const refused = await compile(walk, 'stubs', submission('walk-node-misuse', { 'starter/src/walker.ts': misuses }), 'walk-node-misuse');
    expect(refused.brokenComponents.get('walker')?.problems[0]).toMatchObject({ line: 1, message: expect.stringContaining("Type 'string | undefined' is not assignable to type 'number'") });
  });

  it('a type error in code that only logs is found by the lean check alone', async () => {
    const logs = WALKER_KEY.replace(/^/, 'console.log("walking");\nexport const n: number = "one";\n');
    const compiled = await compile(walk, 'stubs', submission('walk-logs', { 'starter/src/walker.ts': logs }), 'walk-logs');
    expect(compiled.brokenComponents.get('walker')?.problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("Type 'string' is not assignable to type 'number'") })]);
  });
});

describe('a walk submission exporting the wrong thing', () => {
  it('breaks the component at the export, saying what the machine needs', async () => {
    const dir = submission('walk-wrong-export', { 'starter/src/walker.ts': '// a comment\nexport const walker = { walk: 42 };\n' });
    const compiled = await compile(walk, 'stubs', dir, 'walk-wrong-export');
    expect(compiled.brokenComponents.get('walker')).toEqual({
      reason: 'does-not-compile',
      problems: [expect.objectContaining({ file: 'starter/src/walker.ts', line: 2, column: 14, sourceLine: 'export const walker = { walk: 42 };', message: expect.stringContaining('the export `walker` must be the walker the machine calls') })],
    });
  });
});

describe('a shadow submission with a type error in one file and the other fine', () => {
  let compiled: CompiledSubmission;
  beforeAll(async () => {
    const dir = submission('shadow-type-error', { 'starter/src/shadow-sync.ts': SHADOW_SYNC_STUB, 'starter/src/hidden-fault-handler.ts': HIDDEN_FAULT_HANDLER });
    compiled = await compile(shadow, 'stubs', dir, 'shadow-type-error');
  });

  it('breaks that component, at the right line, with the source line', () => {
    expect([...compiled.brokenComponents.keys()]).toEqual(['shadowSync']);
    const broken = compiled.brokenComponents.get('shadowSync')!;
    expect(broken.reason).toBe('does-not-compile');
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({ file: 'starter/src/shadow-sync.ts',  line: 6, column: 11, sourceLine: "    const hpa: bigint = 'not a number';" });
    expect(broken.problems[0].message).toContain("Type 'string' is not assignable to type 'bigint'");
  });

  it('loads the other student component and the provided walker; the broken one throws why', () => {
    const components = load(compiled);
    expect(() => components.hiddenFaultHandler.handle({} as never, {} as never)).toThrow('student code ran function');
    expect(components.walker.walk).toBeInstanceOf(Function);
    expect(() => components.shadowSync.cr3Write(null, {} as never)).toThrow(
      "shadowSync does not compile: starter/src/shadow-sync.ts:6: Type 'string' is not assignable to type 'bigint'",
    );
    expect(existsSync(path.join(compiled.root, 'starter/src/shadow-sync.js'))).toBe(false);
  });
});

describe('a shadow submission with a syntax error in one file and the other missing', () => {
  let compiled: CompiledSubmission;
  beforeAll(async () => {
    const dir = submission('shadow-syntax', { 'starter/src/shadow-sync.ts': 'export const shadowSync = {\n  invlpg(: {\n};\n' });
    compiled = await compile(shadow, 'stubs', dir, 'shadow-syntax');
  });

  it('reports the syntax error and the missing file', () => {
    const broken = compiled.brokenComponents.get('shadowSync');
    expect(broken?.reason).toBe('does-not-compile');
    expect(broken?.problems[0]).toMatchObject({ line: 2, column: 10, sourceLine: '  invlpg(: {' });
    expect(compiled.brokenComponents.get('hiddenFaultHandler')).toMatchObject({ reason: 'missing', problems: [expect.objectContaining({ file: 'starter/src/hidden-fault-handler.ts' })] });
  });

  it('still loads, wiring both to stand-ins', () => {
    const components = load(compiled);
    expect(() => components.hiddenFaultHandler.handle({} as never, {} as never)).toThrow('hiddenFaultHandler is missing: starter/src/hidden-fault-handler.ts is not in the submission');
    expect(() => components.shadowSync.invlpg(0n as never, {} as never)).toThrow(/^shadowSync does not compile: starter\/src\/shadow-sync.ts:2: /);
  });
});

describe('student files that are refused unread', () => {
  it('refuses a file over 1 MB and a link leading outside the submission', async () => {
    const outside = path.join(scratch, 'secret.ts');
    writeFileSync(outside, REFERENCE_WALKER_REEXPORT);
    const dir = submission('shadow-refused', { 'starter/src/shadow-sync.ts': `// ${'x'.repeat(1024 * 1024)}\n` });
    symlinkSync(outside, path.join(dir, 'starter/src/hidden-fault-handler.ts'));
    const compiled = await compile(shadow, 'stubs', dir, 'shadow-refused');
    expect(compiled.brokenComponents.get('shadowSync')?.problems[0].message).toMatch(/is 1\.0 MB; files over 1 MB are refused/);
    expect(compiled.brokenComponents.get('hiddenFaultHandler')?.problems[0].message).toMatch(/symbolic link leading outside the submission/);
  });
});

describe('student files uploaded flat', () => {
  it('are found by name at the top of the submission, and not listed as extra', async () => {
    const dir = submission('walk-flat', { 'walker.ts': WALKER_KEY, 'README.txt': 'mine' });
    const compiled = await compile(walk, 'stubs', dir, 'walk-flat');
    expect(compiled.brokenComponents.size).toBe(0);
    expect(compiled.extraFiles).toEqual(['README.txt']);
  });
});

describe('a student file that crashes TypeScript', () => {
  it('breaks every assessed component with the crash as the reason, and the next submission compiles', async () => {
    // Nested deeper than TypeScript's parser can recurse: it throws a RangeError in the compile worker.
    const dir = submission('shadow-crash', { 'starter/src/shadow-sync.ts': `export const deep = ${'['.repeat(50_000)}${']'.repeat(50_000)};\n`, 'starter/src/hidden-fault-handler.ts': HIDDEN_FAULT_HANDLER });
    const compiled = await compile(shadow, 'stubs', dir, 'shadow-crash');
    const reason = 'type-checking failed: the TypeScript compiler crashed (RangeError: Maximum call stack size exceeded)';
    expect([...compiled.brokenComponents.keys()].sort()).toEqual(['hiddenFaultHandler', 'shadowSync']);
    for (const broken of compiled.brokenComponents.values()) expect(broken).toEqual({ reason: 'does-not-compile', problems: [expect.objectContaining({ line: 1, message: reason })] });
    expect(() => load(compiled).shadowSync.invlpg(0n as never, {} as never)).toThrow(`shadowSync does not compile: starter/src/shadow-sync.ts:1: ${reason}`);

    const fine = submission('shadow-after-crash', { 'starter/src/shadow-sync.ts': SHADOW_SYNC_STUB.replace("'not a number'", '1n'), 'starter/src/hidden-fault-handler.ts': HIDDEN_FAULT_HANDLER });
    expect((await compile(shadow, 'stubs', fine, 'shadow-after-crash')).brokenComponents.size).toBe(0);
  });
});
