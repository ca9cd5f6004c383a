import { readFileSync } from 'fs';
import * as path from 'path';

/**
 * The walk kinds that tell hidden probes from public ones carry the public
 * suite's addresses (a student has them: the handout ships the goldens). When
 * the public suite changes, they must follow, or the corpus reports a leak
 * that is only a public address it did not know.
 */
const ROOT = path.join(__dirname, '..', '..');
const KINDS_WITH_ADDRESSES = ['stash-and-rethrow', 'print-hidden-probes'];

function publicAddresses(): string[] {
  const goldens: unknown = JSON.parse(readFileSync(path.join(ROOT, 'assignments', 'walk', 'public', 'goldens.json'), 'utf8'));
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, field] of Object.entries(value)) {
        if (key === 'va' && typeof field === 'string') found.add(field);
        else visit(field);
      }
    }
  };
  visit(goldens);
  return [...found].sort();
}

test.each(KINDS_WITH_ADDRESSES)('walk/%s knows every address of the public suite, and only those', (kind) => {
  const source = readFileSync(path.join(__dirname, 'walk', kind, 'starter', 'src', 'walker.ts'), 'utf8');
  const listed = /const PUBLIC_VAS = new Set\((\[[^\]]*\])\);/.exec(source);
  expect(listed).not.toBeNull();
  expect((JSON.parse(listed![1]) as string[]).sort()).toEqual(publicAddresses());
});
