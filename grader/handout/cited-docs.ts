import { HANDOUT_DOCS_FOLDER } from './handout-layout';

/** The handout docs a text cites by path (`docs/scenario-format.md`), each once, in order of first mention. */
export function citedDocs(text: string): string[] {
  const cited = text.match(new RegExp(`\\b${HANDOUT_DOCS_FOLDER}/[A-Za-z0-9._-]+\\.md\\b`, 'g')) ?? [];
  return [...new Set(cited)];
}
