import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { VmlabError } from '../reference/errors';
import { MIN_FREE_BYTES, checkOutputTarget } from './output-target';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vmlab-output-target-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('checkOutputTarget', () => {
  it('accepts a folder to create (parents too), an existing folder, a new or existing file, and leaves nothing behind', async () => {
    writeFileSync(path.join(dir, 'old.json'), '{}');
    mkdirSync(path.join(dir, 'out'));
    await checkOutputTarget(path.join(dir, 'new', 'deeper', 'out'), 'folder');
    await checkOutputTarget(path.join(dir, 'out'), 'folder');
    await checkOutputTarget(path.join(dir, 'new.json'), 'file');
    await checkOutputTarget(path.join(dir, 'old.json'), 'file');
    expect(readdirSync(dir).sort()).toEqual(['old.json', 'out']);
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  it('refuses a nearly full disk, naming the path and the free space', async () => {
    const target = path.join(dir, 'out');
    const nearlyFull = checkOutputTarget(target, 'folder', { freeBytes: async () => 512 * 1024 });
    await expect(nearlyFull).rejects.toThrow(VmlabError);
    await expect(checkOutputTarget(target, 'folder', { freeBytes: async () => 512 * 1024 })).rejects.toThrow(
      `${target}: cannot write the output there: the disk of ${dir} has 0.5 MB free; vmlab needs at least ${(MIN_FREE_BYTES / 1024 / 1024).toFixed(1)} MB`,
    );
    await expect(checkOutputTarget(target, 'folder', { freeBytes: async () => MIN_FREE_BYTES })).resolves.toBeUndefined();
  });

  it('measures the real free space of the disk', async () => {
    await expect(checkOutputTarget(path.join(dir, 'out'), 'folder', { minFreeBytes: Number.MAX_SAFE_INTEGER })).rejects.toThrow(/MB free; vmlab needs at least/);
  });

  it('refuses a path through a file, naming the file', async () => {
    writeFileSync(path.join(dir, 'f'), '');
    for (const kind of ['folder', 'file'] as const) {
      await expect(checkOutputTarget(path.join(dir, 'f', 'a', 'b'), kind)).rejects.toThrow(`${path.join(dir, 'f')} is a file, so nothing can be written under it`);
    }
  });
});
