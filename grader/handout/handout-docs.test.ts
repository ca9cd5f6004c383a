import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { vmlabRoot } from '../../io/vmlab-root';
import { citedDocs } from './cited-docs';
import { DOCS_SOURCE_FOLDER, handoutDocs, handoutFiles } from './handout-layout';

const ROOT = vmlabRoot();

test('the student docs are the scenario format and the architectural rules, read from starter/docs', () => {
  const docs = handoutDocs(ROOT);
  expect([...docs.keys()]).toEqual(['docs/scenario-format.md', 'docs/x86-paging-rules.md']);
  expect(readdirSync(path.join(ROOT, DOCS_SOURCE_FOLDER)).filter((name) => name.endsWith('.md')).sort()).toEqual(['scenario-format.md', 'x86-paging-rules.md']);
  for (const [file, content] of docs) expect(content).toBe(readFileSync(path.join(ROOT, DOCS_SOURCE_FOLDER, path.basename(file)), 'utf8'));
});

test('a doc is cited by its handout path, once however often it is mentioned', () => {
  expect(citedDocs('See docs/scenario-format.md, and `docs/x86-paging-rules.md` (docs/scenario-format.md again); not mydocs/x.md.')).toEqual(['docs/scenario-format.md', 'docs/x86-paging-rules.md']);
  expect(citedDocs('No citation here.')).toEqual([]);
});

describe.each(assignmentFolders(path.join(ROOT, 'assignments')).map((folder) => [path.basename(folder), folder] as const))('the %s handout', (_id, folder) => {
  const files = handoutFiles(ROOT, loadAssignment(folder), 'stubs');

  it('ships the docs', () => {
    for (const [file, content] of handoutDocs(ROOT)) expect({ file, content: files.get(file) }).toEqual({ file, content });
  });

  it('ships every doc its README cites', () => {
    for (const cited of citedDocs(files.get('README.md')!)) expect({ cited, shipped: files.has(cited) }).toEqual({ cited, shipped: true });
  });

  it("cites none of the project's own documents, which it does not ship (students get docs/ instead)", () => {
    const citing = [...files].filter(([, content]) => /\b(SCENARIO|DOMAIN|DESIGN)\.md\b/.test(content)).map(([file]) => file);
    expect(citing).toEqual([]);
  });
});
