import { VmlabError } from '../../reference/errors';
import { studentTestNames } from '../results/student-facing';
import { TestResult } from '../results/submission-results';
import { MarkdownNode, markdownNodes } from './markdown-nodes';

/**
 * TA comments on one submission, from a Markdown file: what comes before the
 * first `## ` heading is about the whole submission; each `## ` section is
 * about the test its heading names: its id, or the name the report or
 * Gradescope shows for it ("Hidden test 12 (rights)", "Test 3 shown after
 * the due date (faults)", a visible test's title). Other headings (`#`,
 * `###`, ...) are part of the comment text.
 *
 *     Good structure overall; see the two notes below.
 *
 *     ## walk.public.write-protect
 *     CR0.WP only matters for **supervisor** writes: re-read section 4.
 *
 *     ## Hidden test 2 (rights)
 *     Same bug as above.
 */
export interface TaComments {
  readonly overall: readonly MarkdownNode[];
  readonly byTest: ReadonlyMap<string, readonly MarkdownNode[]>;
}

export const NO_COMMENTS: TaComments = { overall: [], byTest: new Map() };

/** What a comments file is called beside a student's results.json, where `vmlab report` keeps it for every later redraw. */
export const STORED_COMMENTS_FILE = 'comments.md';

const SECTION_HEADING = /^##[ \t]+(.*?)[ \t#]*$/;

type NamedTest = Pick<TestResult, 'id' | 'title' | 'visibility' | 'category'>;

/**
 * Every heading that names a test, to its id: the id itself, and the names a
 * student is shown before and after the due date. A name two tests share
 * (two visible tests with one title) names neither.
 */
function testsByHeading(tests: readonly NamedTest[]): Map<string, string | null> {
  const byHeading = new Map<string, string | null>();
  const add = (heading: string, id: string) => byHeading.set(heading, byHeading.has(heading) && byHeading.get(heading) !== id ? null : id);
  for (const afterDueDate of [false, true]) {
    studentTestNames(tests as readonly TestResult[], afterDueDate).forEach((name, index) => add(name, tests[index].id));
  }
  // Ids last: an id always names its own test, even if some title reads the same.
  for (const test of tests) byHeading.set(test.id, test.id);
  return byHeading;
}

/**
 * Parse a comments file. A `## ` heading that names no test of the results,
 * names two, or a second section for one test, is a VmlabError (exit status
 * 2) located by file and line, e.g. `chen.md:12: ## walk.nope: no such test
 * in the results`.
 */
export function parseTaComments(text: string, tests: readonly NamedTest[], fileName: string): TaComments {
  const byHeading = testsByHeading(tests);
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  const overall = current;
  let inFence = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : SECTION_HEADING.exec(line);
    if (heading === null) {
      current.push(line);
      return;
    }
    const name = heading[1];
    const where = `${fileName}:${index + 1}: ## ${name.slice(0, 200)}`;
    const id = byHeading.get(name);
    if (id === undefined) {
      throw new VmlabError('INPUT_INVALID', `${where}: no such test in the results (a test comment's heading is "## <test id>" or the test's name in the report, e.g. "## Hidden test 2 (rights)"; other headings are "#" or "###")`, `line ${index + 1}`);
    }
    if (id === null) throw new VmlabError('INPUT_INVALID', `${where}: more than one test has this name; use the test id`, `line ${index + 1}`);
    if (sections.has(id)) throw new VmlabError('INPUT_INVALID', `${where}: a second section for test ${id}`, `line ${index + 1}`);
    current = [];
    sections.set(id, current);
  });
  return {
    overall: markdownNodes(overall.join('\n')),
    byTest: new Map([...sections].map(([id, lines]) => [id, markdownNodes(lines.join('\n'))])),
  };
}
