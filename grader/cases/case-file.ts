import Ajv, { JSONSchemaType, ValidateFunction } from 'ajv';
import { probeSchema } from '../../assignments/framework/probe-schema';
import { describeSchemaErrors } from '../../assignments/framework/validators';
import { CheckKind } from '../../observe/difference';
import { Observation } from '../../observe/observation';
import { MachineProbe, Probe } from '../../observe/probe-types';
import { parseObservation } from '../grade/parse-observation';
import { VmlabError } from '../../reference/errors';
import { ScenarioInvalidError } from '../../reference/scenario/problems';
import { parseJsonDocument, parseScenario } from '../../reference/scenario/validate';
import { Scenario } from '../../reference/scenario/types';

/**
 * A failing case as a file a student runs (`npm run case -- <file>`): the
 * probe, how its test judges it, and where it came from. Small JSON, written
 * by the grader next to a student's results (cases/<test>.json) and by a
 * handout's `npm test` (.vmlab/cases/<test>.json).
 */
export interface CaseFile {
  readonly format: typeof CASE_FORMAT;
  /** The test the case comes from. */
  readonly test: { readonly id: string; readonly title: string };
  readonly check: CheckKind;
  readonly probe: Probe;
  /**
   * The reference's observation of the probe, when the writer had it: a
   * handout holds no reference solution, so only a case that carries it can
   * be judged there. Checked as the grader checks a sandbox's observation.
   */
  readonly expected?: Observation;
  /** When the case was shrunk: how large it was ("events", 40). */
  readonly shrunkFrom?: { readonly parts: number; readonly partName: string };
}

export const CASE_FORMAT = 'vmlab-case-1';

const caseSchema: JSONSchemaType<CaseFile> = {
  type: 'object',
  properties: {
    format: { type: 'string', const: CASE_FORMAT },
    test: { type: 'object', properties: { id: { type: 'string', maxLength: 200 }, title: { type: 'string', maxLength: 500 } }, required: ['id', 'title'], additionalProperties: false },
    check: { type: 'string', enum: ['policy', 'invariant'] },
    probe: probeSchema,
    // Its shape is checked by parseObservation once the probe's kind is known.
    expected: { type: 'object', nullable: true, required: [] } as unknown as JSONSchemaType<CaseFile>['properties']['expected'],
    shrunkFrom: {
      type: 'object',
      properties: { parts: { type: 'integer', minimum: 0 }, partName: { type: 'string', maxLength: 40 } },
      required: ['parts', 'partName'],
      additionalProperties: false,
      nullable: true,
    },
  },
  required: ['format', 'test', 'check', 'probe'],
  additionalProperties: false,
};

let validate: ValidateFunction<CaseFile> | undefined;

export function caseFileText(file: CaseFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** A test id as a file name: what is not a letter, digit, dot or dash becomes "_". */
export function caseFileName(testId: string): string {
  return `${testId.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 120)}.json`;
}

/**
 * Read a case file's text, or a scenario file's (docs/scenario-format.md: a
 * document with `events`), as a case: a scenario is a machine case judged by
 * the rules any correct design keeps (`invariant`) unless `check` says
 * otherwise. Bad input is refused naming the file and what is wrong; a
 * machine case's scenario is checked as the simulator checks it.
 */
export function parseCaseText(text: string, fileName: string, check?: CheckKind): CaseFile {
  const document = parseJsonDocument(text, fileName);
  if (isScenarioDocument(document)) {
    checkScenario(document, fileName);
    const probe: MachineProbe = { kind: 'machine', scenario: document as Scenario };
    return { format: CASE_FORMAT, test: { id: 'scenario', title: fileName }, check: check ?? 'invariant', probe };
  }
  validate ??= new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false, validateSchema: false }).compile(caseSchema);
  if (!validate(document)) {
    const problems = describeSchemaErrors(validate.errors).slice(0, 5);
    throw new VmlabError('SCENARIO_INVALID', `${fileName}: not a vmlab case file (nor a scenario with "events"):\n  ${problems.join('\n  ')}`);
  }
  const read = document as CaseFile;
  if (read.probe.kind === 'machine') checkScenario(read.probe.scenario, fileName);
  if (read.expected !== undefined) {
    const parsed = parseObservation(read.probe.kind, read.expected);
    if (!parsed.ok) throw new VmlabError('SCENARIO_INVALID', `${fileName}: "expected" is not an observation of a ${read.probe.kind} probe: ${parsed.problem}`);
    return { ...read, expected: parsed.observation, ...(check === undefined ? {} : { check }) };
  }
  return check === undefined ? read : { ...read, check };
}

function isScenarioDocument(document: unknown): boolean {
  return typeof document === 'object' && document !== null && !Array.isArray(document) && 'events' in document && !('probe' in document);
}

function checkScenario(document: unknown, fileName: string): void {
  try {
    parseScenario(document);
  } catch (error) {
    if (error instanceof ScenarioInvalidError) throw new ScenarioInvalidError(error.problems, `${fileName}: `);
    throw error;
  }
}
