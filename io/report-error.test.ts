import { CommanderError } from 'commander';
import { VmlabError } from '../reference/errors';
import { ScenarioInvalidError } from '../reference/scenario/problems';
import { reportError } from './report-error';

function report(error: unknown): { code: number; stderr: string } {
  let stderr = '';
  const code = reportError(error, { stdout: { write: () => undefined }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stderr };
}

describe('reportError', () => {
  it.each([
    ['a scenario that does not parse', new VmlabError('SCENARIO_PARSE', 'f.json: line 1, column 2: invalid JSON: x'), 2],
    ['a bad option', new VmlabError('OPTION_INVALID', 'unknown mode "x"'), 2],
    ['a file problem', new VmlabError('IO', 'f.json: cannot read the scenario: no such file or directory'), 2],
    ['a run out of memory', new VmlabError('OUT_OF_MEMORY', 'f.json: native mode: out of frames'), 1],
  ])('%s: "vmlab: " and the message, exit %i', (_name, error, code) => {
    expect(report(error)).toEqual({ code, stderr: `vmlab: ${error.message}\n` });
  });

  it('a bad scenario lists its further problems under the first', () => {
    const problems = [
      { location: 'events[1].va', message: 'events[1] (read): first', event: 1 },
      { location: 'events[2].va', message: 'events[2] (read): second', event: 2 },
    ];
    expect(report(new ScenarioInvalidError(problems, 'f.json: '))).toEqual({
      code: 2,
      stderr: 'vmlab: f.json: events[1] (read): first\n  events[2] (read): second\n',
    });
  });

  it('a usage error has been printed by commander already: only the status, 2', () => {
    expect(report(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toEqual({ code: 2, stderr: '' });
  });

  it('help and version exits are successes', () => {
    expect(report(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({ code: 0, stderr: '' });
  });

  it.each([
    ['a full disk', 'ENOSPC', 'no space left on the device'],
    ['a folder where a file was expected', 'EISDIR', 'it is a directory'],
    ['a read-only file system', 'EROFS', 'the file system is read-only'],
  ])('a failed file-system call on a path (%s), wherever it surfaced, names the path: exit 2', (_name, code, words) => {
    const error = Object.assign(new Error(`${code}: open '/out/alice/results.json'`), { code, path: '/out/alice/results.json', syscall: 'open' });
    expect(report(error)).toEqual({ code: 2, stderr: `vmlab: /out/alice/results.json: ${words}\n` });
  });

  it('anything else is a bug: exit 70, the message once, where it came from, and what to do', () => {
    const { code, stderr } = report(new Error('vmlab internal error: frame 3 freed twice'));
    expect(code).toBe(70);
    expect(stderr).toMatch(/^vmlab: internal error: frame 3 freed twice\n\s+at /);
    expect(stderr).toContain('This is a bug in vmlab');
  });
});
