import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { syntheticResults } from '../batch/test-support/synthetic-results';
import { regenerateReport } from './regenerate-report';

let dir: string;
let resultsFile: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vmlab-report-'));
  resultsFile = path.join(dir, 'results.json');
  const results = syntheticResults('chen', [
    { id: 'walk.public.write-protect', passedCases: 1, totalCases: 2 },
    { id: 'walk.translation.large-pages', passedCases: 3, totalCases: 3 },
  ]);
  writeFileSync(resultsFile, JSON.stringify({ score: results.score, tests: [], extra_data: { vmlab: results } }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const comment = (text: string) => {
  const file = path.join(dir, 'comments.md');
  writeFileSync(file, text);
  return file;
};

test('writes report.html beside the results, with the overall and per-test comments', async () => {
  const commentsFile = comment('Clean code overall.\n\n## walk.public.write-protect\nCR0.WP only matters for **supervisor** writes.\n');
  const written = await regenerateReport({ resultsFile, commentsFile, afterDueDate: false });
  expect(written).toBe(path.join(dir, 'report.html'));
  const html = readFileSync(written, 'utf8');
  expect(html).toContain('chen');
  expect(html).toContain('Clean code overall.');
  expect(html).toContain('CR0.WP only matters for <strong>supervisor</strong> writes.');
});

test('comments cannot inject markup', async () => {
  const commentsFile = comment('<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n## walk.public.write-protect\n</style><b onmouseover=alert(4)>hi</b>');
  const html = readFileSync(await regenerateReport({ resultsFile, commentsFile, afterDueDate: false }), 'utf8');
  expect(html).not.toMatch(/<script|<img|<b |href="javascript|onmouseover=|onerror=/);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});

test('refuses what it cannot use, naming the file, and writes nothing', async () => {
  await expect(regenerateReport({ resultsFile: path.join(dir, 'nope.json'), afterDueDate: false })).rejects.toThrow(`${path.join(dir, 'nope.json')}: cannot read the results: no such file or directory`);
  const notVmlab = path.join(dir, 'other.json');
  writeFileSync(notVmlab, JSON.stringify({ score: 3, tests: [] }));
  await expect(regenerateReport({ resultsFile: notVmlab, afterDueDate: false })).rejects.toThrow(`${notVmlab}: not a results.json written by vmlab grade`);
  const commentsFile = comment('fine\n## walk.unknown.test\nwho?');
  await expect(regenerateReport({ resultsFile, commentsFile, afterDueDate: false })).rejects.toThrow(`${commentsFile}:2: ## walk.unknown.test: no such test in the results`);
  expect(existsSync(path.join(dir, 'report.html'))).toBe(false);
  expect(readdirSync(dir).sort()).toEqual(['comments.md', 'other.json', 'results.json']);
});
