import { spawn } from 'child_process';
import { existsSync } from 'fs';
import { withVanishingCwd } from './vanishing-cwd';

describe('withVanishingCwd', () => {
  it('starts the child in a folder that is gone once it runs: nothing can be created there', () => {
    let folder = '';
    const run = withVanishingCwd((cwd) => {
      folder = cwd;
      const script = `setTimeout(() => {
        try { require('fs').writeFileSync('written.txt', 'x'); process.stdout.write('written'); } catch (error) { process.stdout.write(error.code); }
      }, 200)`;
      return spawn(process.execPath, ['-e', script], { cwd, env: {} });
    });
    expect(folder).toMatch(/vmlab-cwd-/);
    expect(existsSync(folder)).toBe(false);
    return new Promise<void>((resolve) => {
      let out = '';
      run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      run.on('close', () => {
        expect(out).toBe('ENOENT');
        expect(existsSync(folder)).toBe(false);
        resolve();
      });
    });
  });

  it('removes the folder when starting fails too', () => {
    let folder = '';
    expect(() =>
      withVanishingCwd((cwd) => {
        folder = cwd;
        throw new Error('no start');
      }),
    ).toThrow('no start');
    expect(existsSync(folder)).toBe(false);
  });
});
