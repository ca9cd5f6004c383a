import { VmlabError } from '../../reference/errors';
import { MarkdownNode, markdownNodes } from './markdown-nodes';

/**
 * TA comments on one submission, from a Markdown file: what comes before the
 * first `## <test id>` heading is about the whole submission; each such
 * section is about that test. Other headings (`#`, `###`, ...) are part of
 * the comment text.
 *
 *     Good structure overall; see the two notes below.
 *
 *     ## walk.public.write-protect
 *     CR0.WP only matters for **supervisor** writes: re-read section 4.
 */
export interface TaComments {
  readonly overall: readonly MarkdownNode[];
  readonly byTest: ReadonlyMap<string, readonly MarkdownNode[]>;
}

export const NO_COMMENTS: TaComments = { overall: [], byTest: new Map() };

const TEST_HEADING = /^## +(\S+) *$/;

/**
 * Parse a comments file. A section naming a test the results do not have, or
 * a second section for one test, is a VmlabError (exit status 2) located by
 * file and line, e.g. `chen.md:12: ## walk.nope: no such test in the results`.
 */
export function parseTaComments(text: string, testIds: ReadonlySet<string>, fileName: string): TaComments {
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  const overall = current;
  let inFence = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : TEST_HEADING.exec(line);
    if (heading === null) {
      current.push(line);
      return;
    }
    const id = heading[1];
    const where = `${fileName}:${index + 1}: ## ${id}`;
    if (!testIds.has(id)) throw new VmlabError('INPUT_INVALID', `${where}: no such test in the results (a test comment's heading is "## <test id>")`, `line ${index + 1}`);
    if (sections.has(id)) throw new VmlabError('INPUT_INVALID', `${where}: a second section for this test`, `line ${index + 1}`);
    current = [];
    sections.set(id, current);
  });
  return {
    overall: markdownNodes(overall.join('\n')),
    byTest: new Map([...sections].map(([id, lines]) => [id, markdownNodes(lines.join('\n'))])),
  };
}
