import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { dolosLanguageOf, runDolos } from './run-dolos';

/** How runDolos reads its child's answer and failures, with stand-in children (the real one is run by similarity.slow.test.ts). */

const request = { language: 'typescript', files: [{ label: 'a.ts', content: 'const a = 1;' }] };

describe('runDolos', () => {
  let dir: string;
  const child = (name: string, source: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, source);
    return file;
  };
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'vmlab-run-dolos-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("returns the child's JSON answer, having given it the request on stdin", async () => {
    const echo = child('echo.mjs', "let t = ''; for await (const c of process.stdin) t += c; const r = JSON.parse(t); process.stdout.write(JSON.stringify({ pairs: [], warnings: [r.files[0].label] }));");
    await expect(runDolos(request, echo)).resolves.toEqual({ pairs: [], warnings: ['a.ts'] });
  });

  it('says how to install Dolos when the child cannot find it', async () => {
    // Another package missing is another failure: not this advice.
    const otherMissing = child('other-missing.mjs', "await import('@dodona/dolos-lib-that-is-not-there');");
    const failing = child('not-installed.mjs', "process.stderr.write(\"Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@dodona/dolos-lib' imported from x\"); process.exit(1);");
    await expect(runDolos(request, failing)).rejects.toThrow(VmlabError);
    await expect(runDolos(request, failing)).rejects.toThrow(/Dolos is not installed here: run `npm ci`/);
    await expect(runDolos(request, otherMissing)).rejects.toThrow(/Dolos failed \(exit status 1\)/);
  });

  it('says to rebuild the parsers when their native build is missing', async () => {
    const unbuilt = child('unbuilt.mjs', "process.stderr.write('Error: No native build was found for platform=linux'); process.exit(1);");
    await expect(runDolos(request, unbuilt)).rejects.toThrow(/npm rebuild tree-sitter tree-sitter-compat @dodona\/dolos-parsers/);
  });

  it('refuses an answer that is not JSON', async () => {
    await expect(runDolos(request, child('garbage.mjs', "process.stdout.write('<html>');"))).rejects.toThrow(/something other than JSON/);
  });
});

describe('dolosLanguageOf', () => {
  it('parses TypeScript and JavaScript files as such, and leaves others to Dolos', () => {
    expect(['walker.ts', 'x.mjs', 'y.c'].map(dolosLanguageOf)).toEqual(['typescript', 'javascript', null]);
  });
});
