import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { compileLimits } from '../compile/compile-limits';
import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { loadTemplate } from '../../io/templates';
import { stableUuid } from './stable-uuid';

/** The grading image: stock Node 20 from Docker Hub; the grader brings everything else it needs. */
export const GRADER_IMAGE = 'node:20';
/** PrairieLearn's ceiling on a grading job's timeout, in seconds. */
export const MAX_PRAIRIELEARN_TIMEOUT = 600;
/** Starting Node, loading the assignment and writing the results, on top of the manifest's limits. */
const OVERHEAD_SECONDS = 30;
/** The grade job stops itself this long before PrairieLearn's timeout, to write results saying why. */
export const WATCHDOG_MARGIN_SECONDS = 15;

/** Where the grader lives inside the grading container: serverFilesCourse/<id>/ is copied to /grade/serverFilesCourse/<id>/. */
export function entrypointInContainer(assignmentId: string): string {
  return `/grade/serverFilesCourse/${assignmentId}/entrypoint.sh`;
}

/**
 * PrairieLearn's timeout for one submission: compiling it, running its tests
 * and shrinking the failing visible cases (each of the last two bounded by the
 * manifest's submissionSeconds), capped at what PrairieLearn allows.
 */
export function gradingTimeout(manifest: AssignmentManifest): number {
  return Math.min(MAX_PRAIRIELEARN_TIMEOUT, compileLimits(manifest.limits).seconds + 2 * manifest.limits.submissionSeconds + OVERHEAD_SECONDS);
}

/** The question's info.json (PrairieLearn's infoQuestion schema): a v3 question graded externally by the grader in serverFilesCourse. */
export function questionInfo(manifest: AssignmentManifest): unknown {
  return {
    uuid: stableUuid(`prairielearn-question:${manifest.id}`),
    title: manifest.title,
    topic: 'Memory virtualization',
    tags: ['vmlab', manifest.id],
    type: 'v3',
    singleVariant: true,
    gradingMethod: 'External',
    externalGradingOptions: {
      image: GRADER_IMAGE,
      entrypoint: entrypointInContainer(manifest.id),
      serverFilesCourse: [`${manifest.id}/`],
      timeout: gradingTimeout(manifest),
    },
  };
}

/**
 * The names students upload, one per student file: pl-file-upload puts files
 * in /grade/student flat, by name, and the grader finds each there by its
 * name alone (grader/compile/read-submission.ts). Two student files of one
 * name, or a name pl-file-upload cannot list (a comma or a quote), are refused.
 */
export function uploadNames(manifest: AssignmentManifest): string[] {
  const names = manifest.studentFiles.map((file) => path.posix.basename(file));
  for (const [index, name] of names.entries()) {
    if (/[",'\\]/.test(name)) throw new VmlabError('ASSIGNMENT_INVALID', `${manifest.id}: the student file ${manifest.studentFiles[index]} has a name pl-file-upload cannot list (a comma, quote or backslash)`);
    const first = names.indexOf(name);
    if (first !== index) {
      throw new VmlabError('ASSIGNMENT_INVALID', `${manifest.id}: the student files ${manifest.studentFiles[first]} and ${manifest.studentFiles[index]} have the same name, so they cannot both be uploaded to PrairieLearn`);
    }
  }
  return names;
}

/** The question's question.html: the upload of the student files and the external grader's results. */
export function questionHtml(manifest: AssignmentManifest): string {
  const files = uploadNames(manifest);
  return loadTemplate('prairielearn-question')({ title: manifest.title, files, single: files.length === 1, fileNames: files.join(', ') });
}
