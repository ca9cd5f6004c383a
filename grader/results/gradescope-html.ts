import Handlebars from 'handlebars';

/**
 * The text of results.json's `output` fields, written for Gradescope's
 * `html` output format. Gradescope documents five formats (text, html,
 * simple_format, md, ansi): `md` renders "some basic Markdown", so how a
 * drawing or a difference would come out is Gradescope's guess; `html` is
 * rendered as HTML (sanitized), so paragraphs, line breaks and preformatted
 * drawings come out as written. Under `html` Markdown is not interpreted:
 * `*`, `_`, `#`, `[x](y)` are plain characters, and escaping the HTML
 * specials is all that keeps student text inert.
 *
 * Feedback is built as blocks of plain text and escaped here, in one place:
 * the only markup in an output is the tags this file writes.
 */
export type FeedbackBlock =
  /** A paragraph; its lines stay lines. */
  | { readonly text: string }
  /** Preformatted, monospace: a drawing, a difference, a source line, what the code printed. */
  | { readonly pre: string }
  /** A paragraph said in emphasis: what the grader itself says about this text (a cut, a withheld part). */
  | { readonly note: string };

/** What Gradescope renders the outputs as (results.json `output_format`, `test_output_format`). */
export const GRADESCOPE_OUTPUT_FORMAT = 'html';

/**
 * Control characters (but tab and newline), DEL, C1 controls and the Unicode
 * direction overrides and isolates, which can make text read otherwise than
 * it is (an ANSI colour code, a right-to-left override in a source line).
 */
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const REPLACEMENT = '\ufffd';

/**
 * Text made inert for an HTML output: line endings made `\n`, unsafe
 * characters shown as U+FFFD, and `& < > " ' \` =` written as entities
 * (Handlebars' escaping, the one report.html uses).
 */
export function escapeHtmlText(text: string): string {
  return Handlebars.Utils.escapeExpression(text.replace(/\r\n?/g, '\n').replace(UNSAFE_CHARACTERS, REPLACEMENT));
}

/** One block as HTML. */
export function blockHtml(block: FeedbackBlock): string {
  if ('pre' in block) return `<pre>${escapeHtmlText(block.pre)}</pre>`;
  const lines = escapeHtmlText('text' in block ? block.text : block.note).split('\n').join('<br>');
  return 'text' in block ? `<p>${lines}</p>` : `<p><em>${lines}</em></p>`;
}

/** Blocks as HTML, one per line. */
export function blocksHtml(blocks: readonly FeedbackBlock[]): string {
  return blocks.map(blockHtml).join('\n');
}

/** Blocks as plain text, one per line (for a terminal, or a test reading the words). */
export function blocksText(blocks: readonly FeedbackBlock[]): string {
  return blocks.map((block) => ('pre' in block ? block.pre : 'text' in block ? block.text : block.note)).join('\n');
}

/** Paragraphs of plain lines: each line its own block. */
export function paragraphs(lines: readonly string[]): FeedbackBlock[] {
  return lines.map((text) => ({ text }));
}
