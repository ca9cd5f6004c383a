import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { analyzeClassSimilarity } from './analyze-class-similarity';
import { DEFAULT_SIMILARITY_THRESHOLD, similarityView } from './similarity-view';

/**
 * `vmlab similarity` end to end, Dolos included, on the example class
 * (examples/class/walk/) plus "zara", a copy of ada's walker with every
 * helper renamed and the comments gone: that pair must come out on top, and
 * bruno's, which is the handout stub with a line or two added, must not look
 * like everyone's (the stub is left out as template).
 */

const STUDENT_FILE = path.join('starter', 'src', 'walker.ts');
const RENAMES: readonly [string, string][] = [
  ['shiftOf', 'levelShift'],
  ['indexAt', 'tableIndex'],
  ['isCanonical', 'canonicalAddress'],
  ['reservedBits', 'whyMalformed'],
  ['allowed', 'permits'],
  ['ABOVE_MAXPHYADDR', 'TOO_HIGH_BITS'],
  ['LARGE_PAGE_PAT', 'PAT_BIT'],
];

/** ada's walker disguised the way a copier does: names changed, comments dropped. */
function disguisedCopy(source: string): string {
  const renamed = RENAMES.reduce((text, [from, to]) => text.replace(new RegExp(`\\b${from}\\b`, 'g'), to), source);
  return renamed
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
}

describe('vmlab similarity on the example class plus a disguised copy', () => {
  let work: string;
  let submissions: string;
  let classOut: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'vmlab-similarity-'));
    submissions = path.join(work, 'submissions');
    cpSync(path.join(vmlabRoot(), 'examples', 'class', 'walk'), submissions, { recursive: true });
    rmSync(path.join(submissions, 'README.md'));
    const copy = disguisedCopy(readFileSync(path.join(submissions, 'ada', STUDENT_FILE), 'utf8'));
    mkdirSync(path.join(submissions, 'zara', path.dirname(STUDENT_FILE)), { recursive: true });
    writeFileSync(path.join(submissions, 'zara', STUDENT_FILE), copy);
    classOut = path.join(work, 'out');
    mkdirSync(classOut);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('puts the disguised copy on top and does not pair the stub-only submission with everyone', async () => {
    const analysis = await analyzeClassSimilarity(path.join(vmlabRoot(), 'assignments', 'walk'), submissions);
    expect(analysis.files).toEqual([{ file: 'starter/src/walker.ts', compared: 10, template: true }]);
    expect(analysis.pairs).toHaveLength((10 * 9) / 2);
    const view = similarityView(analysis, DEFAULT_SIMILARITY_THRESHOLD);
    const [top, second] = view.pairs;
    expect([top.left, top.right].sort()).toEqual(['ada', 'zara']);
    const topPair = analysis.pairs.find((pair) => [pair.left.label, pair.right.label].sort().join() === 'ada,zara')!;
    expect(topPair.similarity).toBeGreaterThan(0.8);
    if (second !== undefined) expect(Number.parseInt(second.similarity, 10)).toBeLessThan(Number.parseInt(top.similarity, 10));
    expect(top.fragments.length).toBeGreaterThan(0);

    // bruno's file is the stub plus a few lines: with the stub left out, it is like no one's.
    const brunos = analysis.pairs.filter((pair) => pair.left.label === 'bruno' || pair.right.label === 'bruno');
    expect(brunos).toHaveLength(9);
    expect(brunos.filter((pair) => pair.similarity >= DEFAULT_SIMILARITY_THRESHOLD)).toEqual([]);
    expect(Math.max(...brunos.map((pair) => pair.similarity))).toBeLessThan(topPair.similarity / 2);
  });

  it('writes the staff-only page into the class folder and nothing else', async () => {
    const run = await runCli('similarity', '--assignment', path.join(vmlabRoot(), 'assignments', 'walk'), '--submissions', submissions, '--class', classOut);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*similarity\.html: \d+ of 45 pairs at or above 60%; most alike: (ada and zara|zara and ada), \d+%\n$/);
    expect(readdirSync(classOut)).toEqual(['similarity.html']);
    const html = readFileSync(path.join(classOut, 'similarity.html'), 'utf8');
    expect(html).toMatch(/Staff only/);
    expect(html).toMatch(/<h2 id="pair-1">1\. (ada and zara|zara and ada): \d+%<\/h2>/);
    // zara's side of a fragment quotes zara's renamed code.
    expect(html).toMatch(/levelShift|tableIndex|canonicalAddress|whyMalformed|permits/);
  });

  it('refuses a --class folder that does not exist, before running Dolos, naming it', async () => {
    const missing = path.join(work, 'no-such-class');
    const run = await runCli('similarity', '--assignment', path.join(vmlabRoot(), 'assignments', 'walk'), '--submissions', submissions, '--class', missing);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(missing);
  });

  it('refuses a threshold that is not a fraction', async () => {
    const run = await runCli('similarity', '--assignment', path.join(vmlabRoot(), 'assignments', 'walk'), '--submissions', submissions, '--class', classOut, '--threshold', '60');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--threshold.*greater than 0 and at most 1/);
  });
});
