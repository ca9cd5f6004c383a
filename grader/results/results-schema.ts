import Ajv, { ValidateFunction } from 'ajv';
import { SCORINGS, VISIBILITIES } from '../../assignments/framework/manifest-types';
import { describeSchemaErrors } from '../../assignments/framework/validators';
import { FIGURE_IDS } from './test-figures';
import { STEP_PAGE_PATTERN } from './step-page-path';

/**
 * The shape of the SubmissionResults kept under extra_data.vmlab of a
 * results.json, as far as the reports, the CSV and the class summary read
 * it. A results.json is read back from disk, where it may come from another
 * version of vmlab or have been edited by hand: what does not match is not
 * graded results, and is said so, instead of failing half-way through a
 * report. Extra properties are allowed (newer vmlab versions add some);
 * pictures check themselves (grader/report/pictures/picture-schema.ts).
 */
const text = { type: 'string' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const points = { type: 'number', minimum: 0 } as const;

const differenceShape = { type: 'object', required: ['where', 'field', 'expected', 'got', 'message'], properties: { where: text, field: text, expected: text, got: text, message: text } } as const;

/** A shrunk case (grader/grade/shrink-failures.ts): its probe is checked when a case file is read (grader/cases/case-file.ts). */
const shrunk = {
  type: 'object',
  required: ['probe', 'partName', 'originalParts', 'shrunkParts', 'summary', 'difference'],
  properties: { probe: { type: 'object' }, partName: { enum: ['events', 'operations', 'table entries'] }, originalParts: count, shrunkParts: count, summary: text, difference: differenceShape, expected: { type: 'object' } },
} as const;

const diagnosis = {
  type: 'object',
  required: ['rule', 'ruleTitle', 'component'],
  properties: {
    rule: text,
    ruleTitle: text,
    ruleSpec: text,
    component: text,
    misconception: { type: 'object', required: ['id', 'title', 'explanation', 'concept'], properties: { id: text, title: text, explanation: text, concept: text } },
  },
} as const;

const failure = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: ['difference', 'not-run', 'sandbox'] } },
  allOf: [
    {
      if: { properties: { kind: { const: 'difference' } } },
      then: {
        required: ['caseIndex', 'caseSummary', 'difference'],
        properties: {
          caseIndex: count,
          caseSummary: text,
          difference: differenceShape,
          shrunk,
          // Absent in results.json written before diagnoses.
          diagnosis,
          // A page beside report.html, by a relative path the report links to: nothing that could lead elsewhere.
          stepThrough: { oneOf: [{ type: 'object', required: ['page'], properties: { page: { type: 'string', pattern: STEP_PAGE_PATTERN } } }, { type: 'object', required: ['missing'], properties: { missing: text } }] },
        },
      },
    },
    { if: { properties: { kind: { const: 'not-run' } } }, then: { required: ['reason'], properties: { reason: text } } },
    { if: { properties: { kind: { const: 'sandbox' } } }, then: { required: ['status', 'reason'], properties: { status: text, reason: text } } },
  ],
} as const;

const figures = {
  type: 'object',
  required: ['casesCounted', 'values'],
  properties: {
    casesCounted: count,
    values: {
      type: 'array',
      maxItems: FIGURE_IDS.length,
      items: { type: 'object', required: ['figure', 'yours', 'reference'], properties: { figure: { enum: [...FIGURE_IDS] }, yours: count, reference: count } },
    },
  },
} as const;

const test = {
  type: 'object',
  required: ['id', 'title', 'suite', 'visibility', 'component', 'part', 'category', 'check', 'points', 'score', 'passedCases', 'totalCases'],
  properties: {
    id: text,
    title: text,
    suite: text,
    visibility: { enum: [...VISIBILITIES] },
    component: text,
    part: text,
    category: text,
    hint: text,
    check: { enum: ['policy', 'invariant'] },
    points,
    scoring: { enum: [...SCORINGS] },
    score: points,
    passedCases: count,
    totalCases: count,
    seed: count,
    failure,
    figures,
  },
} as const;

const compileProblem = {
  type: 'object',
  required: ['file', 'line', 'column', 'message', 'sourceLine'],
  properties: { file: text, line: count, column: count, message: text, sourceLine: text },
} as const;

const groupOutput = {
  type: 'object',
  required: ['stdout', 'stderr', 'truncated', 'seconds'],
  properties: { stdout: text, stderr: text, truncated: { type: 'boolean' }, seconds: { type: 'number', minimum: 0 } },
} as const;

export const submissionResultsSchema = {
  type: 'object',
  required: ['assignment', 'student', 'score', 'maxScore', 'parts', 'tests', 'compile', 'extraFiles', 'output', 'seconds', 'gradedAt'],
  properties: {
    assignment: { type: 'object', required: ['id', 'title'], properties: { id: text, title: text } },
    student: text,
    seed: count,
    score: points,
    maxScore: points,
    parts: { type: 'array', items: { type: 'object', required: ['id', 'title', 'score', 'points'], properties: { id: text, title: text, score: points, points } } },
    tests: { type: 'array', items: test },
    compile: {
      type: 'array',
      items: { type: 'object', required: ['component', 'reason', 'problems'], properties: { component: text, reason: { enum: ['missing', 'does-not-compile'] }, problems: { type: 'array', items: compileProblem } } },
    },
    extraFiles: { type: 'array', items: text },
    // Per visibility group (an older results.json kept one stdout/stderr for all tests: grader/results/student-facing.ts reads it too).
    output: { type: 'object', properties: Object.fromEntries(VISIBILITIES.map((visibility) => [visibility, groupOutput])) },
    seconds: { type: 'number', minimum: 0 },
    peakRssMiB: { type: 'number', minimum: 0 },
    missingFences: { type: 'array', items: text },
    gradedAt: text,
    submittedAt: text,
    group: { type: 'array', items: text },
  },
} as const;

let validate: ValidateFunction | undefined;

/** What is wrong with `value` as SubmissionResults, as `path: problem` lines (none: it has the shape). */
export function submissionResultsProblems(value: unknown): string[] {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(submissionResultsSchema);
  return validate(value) ? [] : describeSchemaErrors(validate.errors);
}
