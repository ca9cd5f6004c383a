import MarkdownIt from 'markdown-it';

/**
 * The headings of a spec (markdown), each as written after its `#`s and as
 * plain text (code spans and emphasis unwrapped), so a rule may cite
 * "### `invalidatePage` (invlpg)" either way.
 */
export function specHeadings(markdown: string): Set<string> {
  const tokens = new MarkdownIt({ html: false }).parse(markdown, {});
  const headings = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return;
    const inline = tokens[index + 1];
    if (inline?.type !== 'inline') return;
    headings.add(inline.content.trim());
    const plain = (inline.children ?? []).map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : '')).join('');
    headings.add(plain.trim());
  });
  return headings;
}
