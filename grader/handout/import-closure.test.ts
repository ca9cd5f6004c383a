import { importClosure, specifiersOf } from './import-closure';
import { vmlabRoot } from '../../io/vmlab-root';

test.each([
  ["import { a } from './a';", ['./a']],
  ["import type { B } from '../b';\nexport { c } from \"./c\";", ['../b', './c']],
  ["const m = await import('./lazy');", ['./lazy']],
  ["const fs = require('fs');", ['fs']],
  ["import './side-effect';", ['./side-effect']],
  ["// import { x } from './commented';\n/* import { y } from './block'; */\nimport { z } from './real';", ['./real']],
  ["const url = 'http://example.com'; import { q } from './q';", ['./q']],
  ["const code = `import { a } from '../${file.replace(/x\\//, '')}';`;\nimport { k } from './k';", ['./k']],
  ["type T = typeof import('./typed');\nimport fs = require('fs');", ['./typed', 'fs']],
])('specifiers of %j', (source, expected) => {
  expect(specifiersOf(source)).toEqual(expected);
});

describe('the closure of the walker stub', () => {
  const closure = importClosure(vmlabRoot(), ['starter/src/walker.ts']);

  test('holds the interface it implements and what that needs', () => {
    expect(closure.files).toContain('starter/src/walker.ts');
    expect(closure.files).toContain('reference/paging/walker.ts');
    expect(closure.files).toContain('reference/paging/walk-types.ts');
    expect(closure.files).toContain('reference/paging/rights.ts');
  });

  test('does not hold the reference walker', () => {
    for (const file of ['reference/paging/reference-walker.ts', 'reference/paging/walk-tables.ts', 'reference/paging/x86-format.ts']) {
      expect(closure.files).not.toContain(file);
    }
  });
});

test('an unresolvable import is an error naming the importing file', () => {
  const sources = (file: string) => (file === 'entry.ts' ? "import { x } from './missing';" : '');
  expect(() => importClosure('/nonexistent-root', ['entry.ts'], sources)).toThrow(/entry\.ts: cannot resolve import '\.\/missing'/);
});
