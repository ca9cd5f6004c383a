import { readFileSync } from 'fs';
import * as path from 'path';
import { describeFsError } from '../../io/fs-errors';
import { GENERATORS } from '../generators';
import { AssignmentInvalidError } from './assignment-problems';
import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { LoadedAssignment, LoadedSuite, PUBLIC_SUITE } from './loaded-assignment';
import { AssignmentManifest } from './manifest-types';
import { providedByStudent, studentComponents } from './provided-components';
import { readCheckedJson } from './read-checked-json';
import { assignmentValidators } from './validators';
import { disabledPartProblems, withoutDisabledParts } from './enabled-parts';
import { manifestRuleProblems, SpecHeadings, testRuleProblems } from './rule-problems';
import { specHeadings } from './spec-headings';

export interface LoadOptions {
  /**
   * Keep the parts the manifest switches off (`"enabled": false`), with their
   * tests and rules: for the project's own checks of every test. Graded,
   * handed out and audited assignments never set it.
   */
  readonly includeDisabledParts?: boolean;
}

/** The spec every assignment folder holds; rules cite its headings. */
export const SPEC_FILE = 'spec.md';

/**
 * Read and check an assignment folder: the manifest against its schema, each
 * suite file against its, then what the schemas cannot see (references
 * between them, point totals, generator names). Every problem is reported,
 * located by file and path; nothing is half-loaded. Parts switched off are
 * checked like the others, then dropped (enabled-parts.ts).
 */
export function loadAssignment(dir: string, options: LoadOptions = {}): LoadedAssignment {
  const root = path.resolve(dir);
  const manifestFile = path.join(root, 'assignment.json');
  const manifest = readCheckedJson(manifestFile, assignmentValidators().manifest, 'assignment manifest');
  const problems = [...manifestProblems(manifest), ...manifestRuleProblems(manifest, () => readSpecHeadings(root))].map((problem) => `${manifestFile}: ${problem}`);

  const suites: LoadedSuite[] = [];
  for (const reference of manifest.suites) {
    const file = path.join(root, reference.file);
    try {
      suites.push({ reference, file, document: readCheckedJson(file, assignmentValidators().suite, 'suite') });
    } catch (error) {
      if (!(error instanceof AssignmentInvalidError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length === 0) problems.push(...crossProblems(manifest, suites));
  const loaded: LoadedAssignment = { dir: root, manifest, suites };
  if (problems.length === 0) problems.push(...disabledPartProblems(loaded));
  if (problems.length > 0) throw new AssignmentInvalidError(problems);
  return options.includeDisabledParts === true ? loaded : withoutDisabledParts(loaded);
}

/** The headings of the folder's spec, or why it could not be read. */
function readSpecHeadings(root: string): SpecHeadings {
  const file = path.join(root, SPEC_FILE);
  try {
    return { headings: specHeadings(readFileSync(file, 'utf8')) };
  } catch (error) {
    return { unreadable: `the rules cite ${SPEC_FILE}, which cannot be read: ${file}: ${describeFsError(error)}` };
  }
}

/** What the manifest's schema cannot check alone. */
function manifestProblems(manifest: AssignmentManifest): string[] {
  const problems: string[] = [];
  for (const component of manifest.assesses) {
    const { studentFile } = COMPONENT_REGISTRY[component];
    if (!manifest.studentFiles.includes(studentFile)) problems.push(`studentFiles: must list "${studentFile}", the file of the assessed component ${component}`);
    if (manifest.provides.includes(component)) problems.push(`provides: ${component} is assessed, so it cannot also be provided`);
  }
  for (const component of providedByStudent(manifest)) {
    const { studentFile } = COMPONENT_REGISTRY[component];
    if (!manifest.studentFiles.includes(studentFile)) problems.push(`studentFiles: must list "${studentFile}", the student's own ${component}, which providedFrom says the student provides`);
  }
  for (const component of Object.keys(manifest.providedFrom ?? {}) as ComponentName[]) {
    if (!manifest.provides.includes(component)) problems.push(`providedFrom.${component}: ${component} is not in provides`);
  }
  const ownFiles = new Set(studentComponents(manifest).map((component) => COMPONENT_REGISTRY[component].studentFile));
  manifest.studentFiles.forEach((file, index) => {
    if (!ownFiles.has(file)) problems.push(`studentFiles[${index}]: "${file}" is not the file of an assessed component, nor of one the student provides`);
  });
  const names = manifest.suites.map((suite) => suite.name);
  manifest.suites.forEach((suite, index) => {
    if (names.indexOf(suite.name) !== index) problems.push(`suites[${index}].name: "${suite.name}" is used twice`);
  });
  const publicSuite = manifest.suites.find((suite) => suite.name === PUBLIC_SUITE);
  if (publicSuite === undefined) problems.push(`suites: needs a suite named "${PUBLIC_SUITE}" (the handout's public tests)`);
  else if (publicSuite.visibility !== 'visible') problems.push(`suites: the "${PUBLIC_SUITE}" suite must be visible`);
  const partIds = manifest.parts.map((part) => part.id);
  manifest.parts.forEach((part, index) => {
    if (partIds.indexOf(part.id) !== index) problems.push(`parts[${index}].id: "${part.id}" is used twice`);
  });
  return problems;
}

/** References from the tests to the manifest and the generators, and the point totals. */
function crossProblems(manifest: AssignmentManifest, suites: readonly LoadedSuite[]): string[] {
  const problems: string[] = [];
  const seenIds = new Map<string, string>();
  const pointsByPart = new Map(manifest.parts.map((part) => [part.id, 0]));
  for (const { file, document, reference } of suites) {
    if (document.suite !== reference.name) problems.push(`${file}: suite: "${document.suite}" does not match the manifest's name "${reference.name}"`);
    document.tests.forEach((test, index) => {
      const at = `${file}: tests[${index}]`;
      const earlier = seenIds.get(test.id);
      if (earlier !== undefined) problems.push(`${at}.id: "${test.id}" is already used in ${earlier}`);
      seenIds.set(test.id, path.basename(file));
      if (!manifest.assesses.includes(test.component)) problems.push(`${at}.component: ${test.component} is not assessed by this assignment (${manifest.assesses.join(', ')})`);
      const points = pointsByPart.get(test.part);
      if (points === undefined) problems.push(`${at}.part: no part "${test.part}" in the manifest (${[...pointsByPart.keys()].join(', ')})`);
      else pointsByPart.set(test.part, points + test.points);
      if (test.generate !== undefined) {
        const generator = GENERATORS.get(test.generate.generator);
        if (generator === undefined) problems.push(`${at}.generate.generator: no generator "${test.generate.generator}"`);
        else if (generator.component !== test.component) problems.push(`${at}.generate.generator: "${generator.name}" exercises ${generator.component}, the test says ${test.component}`);
      }
      if (test.check === 'invariant' && (test.probes ?? []).some((probe) => probe.kind !== 'machine')) problems.push(`${at}.check: invariant checks judge machine probes only`);
      problems.push(...testRuleProblems(manifest, test, at));
    });
  }
  manifest.parts.forEach((part, index) => {
    const total = pointsByPart.get(part.id) ?? 0;
    if (Math.abs(total - part.points) > 1e-9) problems.push(`assignment.json: parts[${index}].points: ${part.points}, but its tests add up to ${total}`);
  });
  return problems;
}
