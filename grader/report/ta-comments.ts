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

/** Parse a comments file; a section naming a test the results do not have is an error that says which line. */
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
    if (!testIds.has(id)) throw new Error(`${fileName}:${index + 1}: no test "${id}" in these results (a test comment's heading is "## <test id>")`);
    if (sections.has(id)) throw new Error(`${fileName}:${index + 1}: a second section for test "${id}"`);
    current = [];
    sections.set(id, current);
  });
  return {
    overall: markdownNodes(overall.join('\n')),
    byTest: new Map([...sections].map(([id, lines]) => [id, markdownNodes(lines.join('\n'))])),
  };
}
