import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { writeFileAtomically } from './write-file-atomically';

describe('writeFileAtomically', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'vmlab-atomic-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes the content and nothing else into the folder', async () => {
    const file = path.join(folder, 'out.json');
    await writeFileAtomically(file, '{"a": 1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"a": 1}\n');
    expect(readdirSync(folder)).toEqual(['out.json']);
  });

  it('fails with an IO error and removes its temporary file when the target cannot be replaced', async () => {
    const target = path.join(folder, 'a-folder');
    mkdirSync(target);
    await expect(writeFileAtomically(target, 'x')).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining(`${target}: cannot write:`) });
    expect(readdirSync(folder)).toEqual(['a-folder']);
  });
});
