/** The entities Handlebars' escaping writes, and what they stand for. */
const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };

/** The tags gradescope-html.ts writes; any other `<` in an output is text that escaped escaping. */
const OUR_TAGS = /<\/?(?:p|pre|em)>|<br>/g;

/**
 * A Gradescope HTML output read back as the plain text it was built from
 * (blocks one per line, `<br>` a line break, entities decoded), for tests to
 * assert words. Throws when the output holds markup the grader did not
 * write, or an ampersand that is not one of its entities.
 */
export function gradescopeOutputText(html: string): string {
  const text = html.replace(OUR_TAGS, (tag) => (tag === '<br>' ? '\n' : ''));
  const stray = /[<>"'`=]|&(?!amp;|lt;|gt;|quot;|#x27;|#x60;|#x3D;)/.exec(text);
  if (stray !== null) throw new Error(`unescaped ${JSON.stringify(stray[0])} at ${stray.index} in: ${html.slice(0, 500)}`);
  return text.replace(/&amp;|&lt;|&gt;|&quot;|&#x27;|&#x60;|&#x3D;/g, (entity) => ENTITIES[entity]);
}
