import { readFileSync } from 'fs';
import * as path from 'path';
import { vmlabRoot } from '../io/vmlab-root';
import { runCli } from './test-support/run-cli';

describe('vmlab', () => {
  it('--help lists the commands, examples and exit statuses on stdout, exit 0', async () => {
    const run = await runCli('--help');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: vmlab \[options\] \[command\]/);
    for (const text of ['simulate', 'generate', 'Examples:', '$ vmlab simulate --scenario', 'Exit status:', '70  internal error']) {
      expect(run.stdout).toContain(text);
    }
  });

  it.each([
    ['simulate', ['--scenario <file>', '--mode <mode>', '--json', '--compare', /choices:\s+"native",\s+"shadow",\s+"ept"/, '$ vmlab simulate --scenario examples/']],
    ['generate', ['--seed <n>', '--vms <k>', '--processes <p>', '--events <n>', '--out <file>', /\(default:\s+200\)/, '$ vmlab generate --seed 7']],
  ])('%s --help documents every option, with examples', async (command, texts: Array<string | RegExp>) => {
    const run = await runCli(command, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: vmlab ${command} [options]`);
    for (const text of texts) expect(run.stdout).toMatch(text);
  });

  it.each([['--version'], ['-V']])('%s prints the version of package.json on stdout, exit 0', async (flag) => {
    const { version } = JSON.parse(readFileSync(path.join(vmlabRoot(), 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const run = await runCli(flag);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists --version', async () => {
    expect((await runCli('--help')).stdout).toMatch(/-V, --version\s+print vmlab's version/);
  });

  it('help COMMAND shows the same help as COMMAND --help', async () => {
    expect((await runCli('help', 'generate')).stdout).toBe((await runCli('generate', '--help')).stdout);
  });

  it('without a command shows the help on stderr, exit 2', async () => {
    const run = await runCli();
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: vmlab');
  });

  it.each([
    [['simulat'], "error: unknown command 'simulat'\n(Did you mean simulate?)"],
    [['simulate', '--scenaro', 'x.json'], "error: unknown option '--scenaro'\n(Did you mean --scenario?)"],
    [['simulate'], "error: required option '--scenario <file>' not specified"],
    [['simulate', '--scenario', 'x.json', '--mode', 'nested'], "error: option '--mode <mode>' argument 'nested' is invalid. Allowed choices are native, shadow, ept."],
    [['simulate', '--scenario', 'x.json', '--mode', 'ept', '--compare'], "error: option '--mode <mode>' cannot be used with option '--compare'"],
    [['simulate', 'x.json'], 'error: too many arguments'],
    [['generate'], "error: required option '--seed <n>' not specified"],
    [['generate', '--seed', 'seven'], "error: option '--seed <n>' argument 'seven' is invalid. It must be an integer in [0, 4294967295]."],
    [['generate', '--seed', '1', '--vms', '0'], "error: option '--vms <k>' argument '0' is invalid. It must be an integer in [1, 65535]."],
  ])('usage error %j: commander says why, exit 2, nothing on stdout', async (args, message) => {
    const run = await runCli(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('(add --help for usage)');
  });
});
