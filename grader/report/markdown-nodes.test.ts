import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { vmlabRoot } from '../../io/vmlab-root';
import { MARKDOWN_LIMIT, MarkdownNode, markdownNodes } from './markdown-nodes';
import { loadTemplate } from '../../io/templates';

/** The nodes rendered by the real partial, alone on a page. */
function render(markdown: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmlab-markdown-'));
  try {
    mkdirSync(path.join(dir, 'partials'));
    cpSync(path.join(vmlabRoot(), 'templates', 'partials', 'markdown-nodes.hbs'), path.join(dir, 'partials', 'markdown-nodes.hbs'));
    writeFileSync(path.join(dir, 'page.hbs'), '{{> markdown-nodes nodes=nodes}}');
    return loadTemplate('page', dir)({ nodes: markdownNodes(markdown) }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tags = (nodes: readonly MarkdownNode[]): string[] => nodes.flatMap((node) => (node.tag === '' ? [] : [node.tag, ...tags(node.children)]));

describe('markdownNodes', () => {
  it('renders the Markdown a TA writes: emphasis, code, lists, links, headings', () => {
    expect(render('A **bold** and *light* `walk()` note.')).toBe('<p>A <strong>bold</strong> and <em>light</em> <code>walk()</code> note.</p>');
    expect(render('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>'.replace(/\n/g, ''));
    expect(render('See [the SDM](https://www.intel.com/sdm).')).toBe('<p>See <a href="https://www.intel.com/sdm" rel="nofollow noopener noreferrer">the SDM</a>.</p>');
    expect(render('# Big title')).toBe('<h4>Big title</h4>');
    expect(render('```\nif (a < b) {}\n```')).toBe('<pre><code>if (a &lt; b) {}\n</code></pre>');
    expect(render('line one  \nline two')).toBe('<p>line one<br>line two</p>');
  });

  it('keeps raw HTML as text: tags, attributes and close-tag tricks are escaped, never markup', () => {
    const html = render('<script>alert(1)</script>\n\nhi <img src=x onerror="alert(2)"> </textarea></style>');
    expect(html).not.toMatch(/<script|<img|<\/textarea|<\/style/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;&quot;alert(2)&quot;&gt;');
  });

  it('drops link targets that are not http(s) or mailto, keeping the text', () => {
    for (const target of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'file:///etc/passwd']) {
      const html = render(`[click](${target})`);
      expect(html).not.toMatch(/href=|<a/);
      expect(html).toContain('click');
    }
    expect(tags(markdownNodes('[mail](mailto:ta@example.edu)'))).toEqual(['p', 'a']);
  });

  it('shows an image as its alt text, never loads it', () => {
    expect(render('![a diagram](https://example.com/x.png)')).toBe('<p>a diagram</p>');
  });

  it('cuts a comment that is too long, and says so', () => {
    const html = render('x'.repeat(MARKDOWN_LIMIT + 100));
    expect(html.length).toBeLessThan(MARKDOWN_LIMIT + 200);
    expect(html).toContain(`comment cut at ${MARKDOWN_LIMIT} characters`);
  });
});
