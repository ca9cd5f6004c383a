import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { vmlabRoot } from '../../io/vmlab-root';
import { findSubmissions } from '../batch/find-submissions';
import { checkClassFolder } from '../compile/submission-layout';
import { readSubmission } from '../compile/read-submission';
import { DolosInput, DolosRequest, LineSpan, dolosLanguageOf, runDolos } from './run-dolos';

/** One side of a pair: who submitted it (a group's members, comma-separated) and the text of their file. */
export interface SimilaritySide {
  readonly label: string;
  readonly text: string;
}

/** Two submissions' copies of one student file, as Dolos scored them. */
export interface AnalyzedPair {
  /** The student file, at its handout path. */
  readonly file: string;
  readonly left: SimilaritySide;
  readonly right: SimilaritySide;
  /** Dolos's similarity in [0, 1], the handout's own code left out. */
  readonly similarity: number;
  /** The longest shared run, in k-grams. */
  readonly longest: number;
  readonly fragments: readonly { readonly left: LineSpan; readonly right: LineSpan }[];
}

export interface SimilarityAnalysis {
  readonly assignment: { readonly id: string; readonly title: string };
  /** How many submissions the class has (a group's counts once). */
  readonly submissions: number;
  /** Each student file, how many submissions had it, and whether its handout stub was left out as template. */
  readonly files: readonly { readonly file: string; readonly compared: number; readonly template: boolean }[];
  readonly pairs: readonly AnalyzedPair[];
  /** What was left out and why (a missing file, a refused one, Dolos's own warnings). */
  readonly notes: readonly string[];
}

export type RunDolos = (request: DolosRequest) => ReturnType<typeof runDolos>;

/**
 * Compare every submission of a class with every other, one student file at
 * a time, with Dolos: each file of the assignment's studentFiles, read from
 * each submission as grading reads it (at its handout path, else by name at
 * the top; capped in size, never through a link out of the folder), with
 * the handout's stub of that file given to Dolos as template, so that the
 * code every student was handed makes no pair alike. Every pair is returned,
 * whatever its similarity: the view picks those above a threshold.
 */
export async function analyzeClassSimilarity(assignmentDir: string, submissionsDir: string, run: RunDolos = runDolos): Promise<SimilarityAnalysis> {
  const assignment = loadAssignment(assignmentDir);
  const { studentFiles, id, title } = assignment.manifest;
  checkClassFolder(submissionsDir, studentFiles);
  const submissions = findSubmissions(submissionsDir).map((submission) => ({
    label: [submission, ...submission.partners].map((member) => member.student).join(', '),
    files: readSubmission(submission.dir, studentFiles).studentFiles,
  }));
  const notes: string[] = [];
  const files: { file: string; compared: number; template: boolean }[] = [];
  const pairs: AnalyzedPair[] = [];
  for (const file of studentFiles) {
    const sides: SimilaritySide[] = [];
    for (const submission of submissions) {
      const read = submission.files.get(file);
      if (read?.kind === 'read') sides.push({ label: submission.label, text: read.source });
      else notes.push(`${submission.label}: ${file} ${read?.kind === 'refused' ? read.why : 'is missing'}; left out of the comparison`);
    }
    const stub = handoutStub(file);
    files.push({ file, compared: sides.length, template: stub !== undefined });
    if (stub === undefined) notes.push(`${file}: no handout stub found in vmlab's starter files, so nothing is left out as template`);
    if (sides.length < 2) {
      notes.push(`${file}: fewer than two submissions have it; nothing to compare`);
      continue;
    }
    const inputs: DolosInput[] = sides.map((side) => ({ label: `${side.label}/${file}`, content: side.text }));
    const analysis = await run({ language: dolosLanguageOf(file), files: inputs, ...(stub === undefined ? {} : { template: { label: `handout/${file}`, content: stub } }) });
    notes.push(...analysis.warnings.map((warning) => `${file}: Dolos: ${warning}`));
    for (const pair of analysis.pairs) {
      pairs.push({ file, left: sides[pair.left], right: sides[pair.right], similarity: pair.similarity, longest: pair.longest, fragments: pair.fragments });
    }
  }
  return { assignment: { id, title }, submissions: submissions.length, files, pairs, notes };
}

/** The handout's own version of a student file (the stub every student starts from), from vmlab's starter files. */
function handoutStub(file: string): string | undefined {
  const stub = path.join(vmlabRoot(), ...file.split('/'));
  return existsSync(stub) ? readFileSync(stub, 'utf8') : undefined;
}
