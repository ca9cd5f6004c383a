/**
 * What the escape attacks share, spliced in where a corpus file says
 * `// ---- splice: escape-helpers ----` (support/corpus.ts): the test they
 * fire in, and how they say that a fence failed.
 */
export const ESCAPE_HELPERS = `/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

/** A fence failed: say so where the grader and the student both see it (stdout, and the thrown error). */
function escaped(what) {
  const text = 'HOSTILE-ESCAPE ' + what;
  try { console.log(text); } catch {}
  throw new Error(text);
}
`;
