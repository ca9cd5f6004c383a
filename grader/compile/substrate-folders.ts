/**
 * The top folders of a handout that hold the substrate: the machine and the
 * probing that runs it on a student's components, the same JavaScript for
 * every submission. A build holds them with the student files; a batch
 * writes them once and links every build to them.
 */
export const SUBSTRATE_FOLDERS: readonly string[] = ['reference', 'observe'];

export function inSubstrate(file: string): boolean {
  return SUBSTRATE_FOLDERS.some((folder) => file.startsWith(`${folder}/`));
}
