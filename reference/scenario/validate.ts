import Ajv, { ValidateFunction } from 'ajv';
import { VmlabError } from '../errors';
import { findJsonSyntaxError } from './json-syntax';
import { ScenarioInvalidError, ScenarioProblem, sortProblems } from './problems';
import { resolveEvent, resolveMachine, resolveScenario } from './resolve';
import { eventSchema, machineSchema, scenarioSchema } from './schema';
import { schemaProblems } from './schema-problems';
import { machineProblems, semanticProblems } from './semantic-checks';
import { MachineOptions, Mode, MODES, ResolvedEvent, ResolvedMachineOptions, ResolvedScenario, Scenario, ScenarioEvent } from './types';

/**
 * The one way into the machine: a scenario document is checked completely
 * (schema, then the semantic pass) and refused with every problem located, or
 * returned resolved. Nothing is cast from JSON: ajv's compiled validators are
 * the type guards.
 */

interface Validators {
  readonly scenario: ValidateFunction<Scenario>;
  readonly event: ValidateFunction<ScenarioEvent>;
  readonly machine: ValidateFunction<MachineOptions>;
}

let validators: Validators | undefined;

/** Compiled on first use, once per process: compiling costs tens of milliseconds that importing this module should not. */
function compiledValidators(): Validators {
  if (validators === undefined) {
    const ajv = new Ajv({
      allErrors: true,
      discriminator: true,
      strict: true,
      // The discriminator requires `op` beside the oneOf, where no `properties` names it; that is how ajv wants it.
      strictRequired: false,
      // Checking our own schemas against the meta-schema at every start costs half the compile time;
      // schema.test.ts does it once instead.
      validateSchema: false,
    });
    validators = { scenario: ajv.compile(scenarioSchema), event: ajv.compile(eventSchema), machine: ajv.compile(machineSchema) };
  }
  return validators;
}

/** Validate a parsed scenario document and resolve it; throws ScenarioInvalidError listing every problem. */
export function parseScenario(document: unknown): ResolvedScenario {
  const { scenario: isScenario } = compiledValidators();
  if (!isScenario(document)) {
    const problems = schemaProblems(isScenario.errors ?? [], document);
    throw new ScenarioInvalidError(sortProblems([...problems, ...semanticProblemsDespite(problems, document)]));
  }
  const resolved = resolveScenario(document);
  const problems = [...machineProblems(resolved.machine), ...semanticProblems(resolved.events, resolved.machine)];
  if (problems.length > 0) throw new ScenarioInvalidError(problems);
  return resolved;
}

/**
 * The semantic problems that can still be judged in a document that failed
 * the schema: the machine options if they are well-formed, and the events
 * before the first malformed one (after it, which processes exist and what
 * is mapped is no longer known). So the first problem reported is the first
 * in the document whichever kind it is.
 */
function semanticProblemsDespite(schemaFound: readonly ScenarioProblem[], document: unknown): ScenarioProblem[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return [];
  const { event: isEvent, machine: isMachine } = compiledValidators();
  const problems: ScenarioProblem[] = [];
  const machine = 'machine' in document ? document.machine : {};
  let resolvedMachine: ResolvedMachineOptions | undefined;
  if (!schemaFound.some((problem) => problem.location.startsWith('machine')) && isMachine(machine)) {
    resolvedMachine = resolveMachine(machine);
    problems.push(...machineProblems(resolvedMachine));
  }
  if ('events' in document && Array.isArray(document.events)) {
    const firstMalformed = Math.min(document.events.length, ...schemaFound.map((problem) => problem.event ?? Infinity));
    const resolved: ResolvedEvent[] = [];
    for (let index = 0; index < firstMalformed; index++) {
      const event: unknown = document.events[index];
      if (!isEvent(event)) break;
      resolved.push(resolveEvent(event, index));
    }
    problems.push(...semanticProblems(resolved, resolvedMachine));
  }
  return problems;
}

/**
 * Parse scenario text as read from `fileName`: JSON syntax errors become
 * SCENARIO_PARSE with line and column, a bad scenario SCENARIO_INVALID; both
 * messages start with the file name.
 */
export function parseScenarioText(text: string, fileName: string): ResolvedScenario {
  const document = parseJsonDocument(text, fileName);
  try {
    return parseScenario(document);
  } catch (error) {
    if (error instanceof ScenarioInvalidError) throw new ScenarioInvalidError(error.problems, `${fileName}: `);
    throw error;
  }
}

/**
 * JSON text as read from `fileName` (scenario and case files): a syntax error
 * becomes SCENARIO_PARSE naming the file, and the line and column when found.
 */
export function parseJsonDocument(text: string, fileName: string): unknown {
  // Editors on some systems save a byte-order mark, which JSON.parse refuses.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    const found = findJsonSyntaxError(json);
    if (found === null) throw new VmlabError('SCENARIO_PARSE', `${fileName}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    const where = `line ${found.line}, column ${found.column}`;
    throw new VmlabError('SCENARIO_PARSE', `${fileName}: ${where}: invalid JSON: ${found.reason}`, where);
  }
}

export function isMode(value: unknown): value is Mode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

/** The scenario with `machine.mode` replaced by a command line's `--mode`, if one was given. */
export function applyModeOverride(scenario: ResolvedScenario, mode: string | undefined): ResolvedScenario {
  if (mode === undefined) return scenario;
  if (!isMode(mode)) throw new VmlabError('OPTION_INVALID', `unknown mode "${mode}"; expected one of ${MODES.join(', ')}`);
  return { ...scenario, machine: { ...scenario.machine, mode } };
}
