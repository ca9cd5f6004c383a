import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

/**
 * Markdown a TA wrote, as plain data a template renders with `{{ }}` only:
 * a tree of elements from a fixed list of tags, with text and link targets as
 * strings the template escapes. No HTML ever passes through: markdown-it runs
 * with HTML disabled (raw HTML stays text), images become their alt text, and
 * a link keeps its target only when it is http(s) or mailto.
 */
export interface MarkdownNode {
  /** An element from ALLOWED_TAGS, or '' for text. */
  readonly tag: string;
  /** A void element (br, hr): no text, no children, no closing tag. */
  readonly void: boolean;
  readonly text: string;
  /** A link's target ('' when not a link). */
  readonly href: string;
  readonly children: readonly MarkdownNode[];
}

/** A comment longer than this is cut (with a note): a report is not a document store. */
export const MARKDOWN_LIMIT = 20_000;

const SAFE_LINK = /^(https?:|mailto:)/i;

/** markdown-it token types that open an element, and the element each becomes. */
const BLOCK_TAGS: Readonly<Record<string, string>> = {
  paragraph_open: 'p',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  blockquote_open: 'blockquote',
  table_open: 'table',
  thead_open: 'thead',
  tbody_open: 'tbody',
  tr_open: 'tr',
  th_open: 'th',
  td_open: 'td',
  em_open: 'em',
  strong_open: 'strong',
  s_open: 's',
  link_open: 'a',
};

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function markdownNodes(source: string): MarkdownNode[] {
  const text = source.length > MARKDOWN_LIMIT ? `${source.slice(0, MARKDOWN_LIMIT)}\n\n(comment cut at ${MARKDOWN_LIMIT} characters)` : source;
  return fromTokens(markdown.parse(text, {}));
}

/** Nest a flat token stream by its open/close pairs; inline tokens nest their own children. */
function fromTokens(tokens: readonly Token[]): MarkdownNode[] {
  const root: MarkdownNode[] = [];
  const stack: Array<{ node: MarkdownNode & { children: MarkdownNode[] }; list: MarkdownNode[] }> = [];
  const current = () => (stack.length === 0 ? root : stack[stack.length - 1].node.children);

  for (const token of tokens) {
    if (token.nesting === 1) {
      // Headings become h4, below the report's own; a hidden paragraph is a tight list item's text.
      const tag = token.hidden ? undefined : token.type === 'heading_open' ? 'h4' : BLOCK_TAGS[token.type];
      if (tag === undefined) {
        stack.push({ node: element('span', []), list: current() }); // an opening we do not render as such: keep its content
        continue;
      }
      const href = tag === 'a' ? safeHref(String(token.attrGet('href') ?? '')) : '';
      stack.push({ node: { ...element(tag, []), href }, list: current() });
    } else if (token.nesting === -1) {
      const open = stack.pop();
      if (open === undefined) continue;
      // A link with an unsafe target is shown as its text alone.
      if (open.node.tag === 'span' || (open.node.tag === 'a' && open.node.href === '')) open.list.push(...open.node.children);
      else open.list.push(open.node);
    } else {
      current().push(...leaf(token));
    }
  }
  return root;
}

function leaf(token: Token): MarkdownNode[] {
  switch (token.type) {
    case 'inline':
      return fromTokens(token.children ?? []);
    case 'text':
    case 'html_inline':
    case 'html_block':
      return [textNode(token.content)];
    case 'code_inline':
      return [{ ...element('code', []), text: token.content }];
    case 'code_block':
    case 'fence':
      return [element('pre', [{ ...element('code', []), text: token.content }])];
    case 'image':
      return [textNode(token.content)];
    case 'softbreak':
      return [textNode('\n')];
    case 'hardbreak':
      return [{ ...element('br', []), void: true }];
    case 'hr':
      return [{ ...element('hr', []), void: true }];
    default:
      return token.content === '' ? [] : [textNode(token.content)];
  }
}

function element(tag: string, children: MarkdownNode[]): MarkdownNode & { children: MarkdownNode[] } {
  return { tag, void: false, text: '', href: '', children };
}

function textNode(text: string): MarkdownNode {
  return { tag: '', void: false, text, href: '', children: [] };
}

function safeHref(href: string): string {
  return SAFE_LINK.test(href.trim()) ? href.trim() : '';
}
