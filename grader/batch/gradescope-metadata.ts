/**
 * The student id of each submission in a Gradescope submissions export, read
 * from its `submission_metadata.yml`. Only the part of YAML that file uses is
 * understood, on purpose (no YAML dependency for one field):
 *
 *     submission_123456:            # or :submission_123456: (a Ruby symbol)
 *       :submitters:
 *       - :name: Alice Doe
 *         :sid: '12345'             # quoted or not
 *         :email: alice@example.edu
 *       :created_at: ...
 *
 * A submission key is a line at column 0 ending in `:`. Its id is the first
 * submitter's `:sid:`, or their `:email:` when the sid is empty; a group
 * submission is filed under its first submitter. Anything else is ignored.
 * Returns folder name (e.g. `submission_123456`) → student id.
 */
export function studentIdsFromMetadata(yaml: string): Map<string, string> {
  const ids = new Map<string, string>();
  let submission: string | undefined;
  let submittersIndent: number | undefined;
  let firstSubmitter: { sid?: string; email?: string } | undefined;
  const finish = () => {
    if (submission !== undefined && firstSubmitter !== undefined) {
      const id = firstSubmitter.sid || firstSubmitter.email;
      if (id) ids.set(submission, id);
    }
  };
  for (const raw of yaml.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (line.trim() === '' || line.trim() === '---') continue;
    const indent = line.length - line.trimStart().length;
    const top = indent === 0 ? /^:?([^\s:][^:]*):\s*$/.exec(line) : null;
    if (top !== null) {
      finish();
      submission = top[1];
      submittersIndent = undefined;
      firstSubmitter = undefined;
      continue;
    }
    const body = line.trimStart();
    if (body === ':submitters:') {
      submittersIndent = indent;
      continue;
    }
    if (submittersIndent === undefined) continue;
    // A sibling key of :submitters: (same indent, not a list item) ends the list.
    if (indent <= submittersIndent && !body.startsWith('-')) {
      submittersIndent = undefined;
      continue;
    }
    const item = body.startsWith('-');
    if (item && firstSubmitter !== undefined) {
      submittersIndent = undefined; // a second submitter: only the first one counts
      continue;
    }
    if (item) firstSubmitter = {};
    const field = /^(?:-\s+)?:(sid|email):\s*(.*)$/.exec(body);
    if (field !== null && firstSubmitter !== undefined) firstSubmitter[field[1] as 'sid' | 'email'] = unquote(field[2].trim());
  }
  finish();
  return ids;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return value === '~' || value === 'null' ? '' : value;
}
