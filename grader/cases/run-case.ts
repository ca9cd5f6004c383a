import { readFileSync } from 'fs';
import * as path from 'path';
import { describeProbe } from '../../observe/describe-probe';
import { formatDifference } from '../../observe/format-difference';
import { judgeCase } from '../../observe/judge';
import { CliIo, processIo } from '../../io/cli-io';
import { EXIT } from '../../io/exit-codes';
import { describeFsError } from '../../io/fs-errors';
import { reportError } from '../../io/report-error';
import { vmlabRoot } from '../../io/vmlab-root';
import { VmlabError } from '../../reference/errors';
import { IsolatedRunner } from '../../starter/harness/isolated-runner';
import { MEMORY_MIB, TEST_SECONDS } from '../../starter/harness/public-suite-settings';
import { GENERATED_COMPONENTS_FILE } from '../compile/handout-wiring';
import { failurePicture } from '../report/pictures/failure-picture';
import { pictureText } from '../report/pictures/picture-text';
import { pictureView } from '../report/pictures/picture-view';
import { parseCaseText } from './case-file';

const USAGE = 'usage: npm run case -- <file>   (a case file: .vmlab/cases/<test>.json, or cases/<test>.json from your feedback; or a scenario file)';

/**
 * `npm run case -- <file>` in a handout: run one case on your components, in
 * the isolated runner the public tests use (the same time and memory
 * limits), judge it against the expected observation the case file carries,
 * and print the first difference with the report's drawing, or say that it
 * passes. Exit status 0 when it passes, 1 when it fails, 2 on bad input. A
 * scenario file, or a case without an expected observation, is run and
 * described, but cannot be judged here: the handout holds no reference
 * solution.
 */
export async function runCaseCommand(args: readonly string[], io: CliIo = processIo(), handoutRoot: string = vmlabRoot()): Promise<number> {
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    io.stderr.write(`${USAGE}\n`);
    return args.length === 1 ? EXIT.ok : EXIT.usage;
  }
  const runner = new IsolatedRunner({ handoutRoot, componentsModule: path.join(handoutRoot, GENERATED_COMPONENTS_FILE), limitSeconds: TEST_SECONDS, memoryMiB: MEMORY_MIB });
  try {
    const file = args[0];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new VmlabError('IO', `${file}: cannot read the case: ${describeFsError(error)}`);
    }
    const read = parseCaseText(text, file);
    const lines = [`${read.test.title} [${read.test.id}]${read.shrunkFrom === undefined ? '' : ` (shrunk from ${read.shrunkFrom.parts} ${read.shrunkFrom.partName})`}`, `Case: ${describeProbe(read.probe)}`];
    const outcome = await runner.run([read.probe]);
    if (outcome.kind === 'stopped') {
      io.stdout.write([...lines, `FAIL: ${outcome.reason}`].join('\n') + '\n');
      return EXIT.problem;
    }
    const got = outcome.observations[0];
    if (read.expected === undefined || got === undefined) {
      const ran = got?.kind === 'error' ? `your code threw: ${got.message}` : 'your code ran it to the end';
      io.stdout.write([...lines, `Ran: ${ran}. Not judged: this file carries no expected observation, and the handout holds no reference solution to make one (the case files npm test and the grader write carry it).`].join('\n') + '\n');
      return got?.kind === 'error' ? EXIT.problem : EXIT.ok;
    }
    const difference = judgeCase(read.check, read.expected, got);
    if (difference === null) {
      io.stdout.write([...lines, 'PASS: your code does what the reference does on this case.'].join('\n') + '\n');
      return EXIT.ok;
    }
    const picture = failurePicture({ probe: read.probe, check: read.check, expected: read.expected, got, difference });
    const view = picture === undefined ? null : pictureView(picture);
    io.stdout.write([...lines, 'FAIL:', formatDifference(difference), ...(view === null ? [] : ['', pictureText(view)])].join('\n') + '\n');
    return EXIT.problem;
  } catch (error) {
    return reportError(error, io);
  } finally {
    await runner.close();
  }
}
