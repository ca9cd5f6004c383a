import { blockHtml, blocksHtml, FeedbackBlock } from './gradescope-html';
import type { GradescopeResults, GradescopeTest } from './gradescope-types';

/** Gradescope's limit on results.json, in bytes (1 MB). */
export const GRADESCOPE_RESULTS_LIMIT = 1_000_000;

/** results.json as written: one space of indentation, a final newline. */
export function gradescopeJson(results: GradescopeResults): string {
  return JSON.stringify(results, null, 1) + '\n';
}

/** Results whose outputs are still blocks: what gradescope-results.ts builds and this file renders. */
export interface GradescopeDraft {
  readonly header: Omit<GradescopeResults, 'output' | 'tests' | 'extra_data'>;
  readonly output: readonly FeedbackBlock[];
  readonly tests: readonly { readonly entry: Omit<GradescopeTest, 'output'>; readonly output: readonly FeedbackBlock[] }[];
  readonly extraData: GradescopeResults['extra_data'];
}

/**
 * The draft rendered, within `limit` bytes of results.json. When the whole
 * is larger, the longest outputs are cut first: every output is held to
 * the same most bytes, the largest that fits, each cut one ending on a whole
 * block (or a cut paragraph) and a note saying it was cut and why. When even
 * outputs of notes alone do not fit, extra_data gives up, in this order and
 * only as far as needed: what the code printed (the report then says nothing
 * was kept of it), the failures' drawings, then their shrunk cases (a redraw
 * then shows the first difference in words only). Scores, differences and
 * diagnoses are always kept.
 */
export function withinGradescopeLimit(draft: GradescopeDraft, limit: number = GRADESCOPE_RESULTS_LIMIT): GradescopeResults {
  const outputs = [draft.output, ...draft.tests.map((test) => test.output)];
  const full = outputs.map((blocks) => blocksHtml(blocks));
  const assemble = (texts: readonly string[], extraData: GradescopeResults['extra_data']): GradescopeResults => ({
    ...draft.header,
    output: texts[0],
    tests: draft.tests.map((test, index) => ({ ...test.entry, output: texts[index + 1] })),
    extra_data: extraData,
  });
  const fits = (results: GradescopeResults) => byteLength(gradescopeJson(results)) <= limit;
  const whole = assemble(full, draft.extraData);
  if (fits(whole)) return whole;

  const notesOnly = outputs.map((blocks) => cutOutput(blocks, 0));
  const extraData = EXTRA_DATA_LAST_RESORTS.reduce((kept, giveUp) => (fits(assemble(notesOnly, kept)) ? kept : giveUp(kept)), draft.extraData);
  // The largest cap that fits: outputs at most `cap` bytes (as JSON strings), the longer ones cut.
  const capped = (cap: number) => assemble(outputs.map((blocks, index) => (jsonBytes(full[index]) <= cap ? full[index] : cutOutput(blocks, cap))), extraData);
  let low = 0;
  let high = Math.max(...full.map(jsonBytes));
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(capped(middle))) low = middle;
    else high = middle - 1;
  }
  return capped(low);
}

/** The note ending a cut output. */
export function cutNote(originalBytes: number): FeedbackBlock {
  return { note: `Cut here: this text was ${originalBytes} bytes, and Gradescope keeps results.json under 1 MB, so the longest texts were cut first. report.html has all of it.` };
}

/**
 * An output's leading blocks within `cap` bytes (as a JSON string), the
 * first block that does not fit cut to what does, then the cut note; the
 * note alone when nothing fits beside it.
 */
function cutOutput(blocks: readonly FeedbackBlock[], cap: number): string {
  const note = blockHtml(cutNote(byteLength(blocksHtml(blocks))));
  // A JSON string's bytes add up over its pieces: 2 for the quotes, each piece's escaped text, 2 for each "\\n" between them.
  let used = 2 + escapedBytes(note);
  const kept: string[] = [];
  for (const block of blocks) {
    const html = blockHtml(block);
    if (used + escapedBytes(html) + 2 <= cap) {
      kept.push(html);
      used += escapedBytes(html) + 2;
      continue;
    }
    const part = longestPrefixWithin(block, (candidate) => used + escapedBytes(blockHtml(candidate)) + 2 <= cap);
    if (part !== undefined) kept.push(blockHtml(part));
    break;
  }
  return [...kept, note].join('\n');
}

/** The block with the longest prefix of its text that `fits`, at least one character; undefined when none does. */
function longestPrefixWithin(block: FeedbackBlock, fits: (candidate: FeedbackBlock) => boolean): FeedbackBlock | undefined {
  const text = 'pre' in block ? block.pre : 'text' in block ? block.text : block.note;
  const withText = (prefix: string): FeedbackBlock => ('pre' in block ? { pre: prefix } : 'text' in block ? { text: `${prefix}…` } : { note: `${prefix}…` });
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(withText(wholeCharacters(text, middle)))) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? undefined : withText(wholeCharacters(text, low));
}

/** The first `length` UTF-16 units of `text`, less a surrogate half at the end. */
function wholeCharacters(text: string, length: number): string {
  const prefix = text.slice(0, length);
  return /[\ud800-\udbff]$/.test(prefix) ? prefix.slice(0, -1) : prefix;
}

type ExtraData = GradescopeResults['extra_data'];

/** What extra_data gives up for size, least missed first; each keeps it valid results. */
const EXTRA_DATA_LAST_RESORTS: ReadonlyArray<(extraData: ExtraData) => ExtraData> = [withoutPrintedOutput, (extraData) => withoutFailureParts(extraData, 'picture'), (extraData) => withoutFailureParts(extraData, 'shrunk')];

/** extra_data with every group's printed output dropped (marked truncated). */
function withoutPrintedOutput(extraData: ExtraData): ExtraData {
  const output = Object.fromEntries(Object.entries(extraData.vmlab.output).map(([group, printed]) => [group, { ...printed, stdout: '', stderr: '', truncated: true }]));
  return { vmlab: { ...extraData.vmlab, output } };
}

/** extra_data with one optional part of every failure dropped: its drawing or its shrunk case. */
function withoutFailureParts(extraData: ExtraData, part: 'picture' | 'shrunk'): ExtraData {
  const tests = extraData.vmlab.tests.map((test) => {
    if (test.failure?.kind !== 'difference' || test.failure[part] === undefined) return test;
    const { [part]: _dropped, ...failure } = test.failure;
    return { ...test, failure };
  });
  return { vmlab: { ...extraData.vmlab, tests } };
}

/** The bytes of `text` inside a JSON string, quotes not counted. */
function escapedBytes(text: string): number {
  return jsonBytes(text) - 2;
}

function jsonBytes(text: string): number {
  return byteLength(JSON.stringify(text));
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
