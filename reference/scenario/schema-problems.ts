import type { ErrorObject } from 'ajv';
import { describeValue, eventLabel, formatPath, ScenarioProblem } from './problems';
import { EVENT_OPS, EVENT_SCHEMAS, isEventOp, machineSchema, scenarioSchema } from './schema';
import { closestName } from './suggest';

/**
 * Turns ajv's errors into messages a student can act on. ajv reports every
 * failed keyword, often several per event (a typo'd field is both an unknown
 * field and a missing one); a person needs the one that explains the rest, so
 * each event (and each field outside the events) gets a single problem, the
 * most specific one.
 */
export function schemaProblems(errors: readonly ErrorObject[], document: unknown): ScenarioProblem[] {
  const best = new Map<string, { rank: number; error: ErrorObject }>();
  for (const error of errors) {
    // The failed branches of the address `anyOf` are summed up by the anyOf error itself.
    if (/\/anyOf\/\d+\//.test(error.schemaPath)) continue;
    const path = decodePointer(error.instancePath, document);
    const key = isEventPath(path) ? `event ${path[1]}` : `at ${formatPath(path)} ${fieldOf(error) ?? ''}`;
    const rank = specificity(error, path, document);
    const current = best.get(key);
    if (current === undefined || rank < current.rank) best.set(key, { rank, error });
  }
  // Outside the events, an object's own problems (an unknown field, a missing one) come before its fields'.
  return [...best.values()].sort((a, b) => a.rank - b.rank).map(({ error }) => describeError(error, document));
}

type Path = (string | number)[];

/** A JSON pointer (`/events/3/va`) as path segments, array indices as numbers. */
function decodePointer(pointer: string, document: unknown): Path {
  if (pointer === '') return [];
  const path: Path = [];
  let value = document;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(value) && /^\d+$/.test(segment) ? Number(segment) : null;
    path.push(index ?? segment);
    value = valueAt(value, index ?? segment);
  }
  return path;
}

function valueAt(container: unknown, key: string | number): unknown {
  if (container === null || typeof container !== 'object') return undefined;
  return (container as Record<string | number, unknown>)[key];
}

function valueOf(document: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => valueAt(value, key), document);
}

function isEventPath(path: Path): path is ['events', number, ...Path] {
  return path[0] === 'events' && typeof path[1] === 'number';
}

/** The field an object-level error is about (an unknown or a missing field), if any. */
function fieldOf(error: ErrorObject): string | undefined {
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  if (error.keyword === 'required') return String(error.params.missingProperty);
  return undefined;
}

/**
 * Lower is more telling. An event that is not an object, or whose op is
 * unknown, explains everything else about it; an unknown field comes before a
 * missing one (a typo is usually both); then field errors in the order the
 * fields are written in the schema.
 */
function specificity(error: ErrorObject, path: Path, document: unknown): number {
  const objectLevel = ['type', 'discriminator', 'additionalProperties', 'required'];
  if ((!isEventPath(path) || path.length === 2) && objectLevel.includes(error.keyword)) return objectLevel.indexOf(error.keyword);
  if (isEventPath(path) && path.length === 3) {
    const fields = Object.keys(eventSchemaFor(valueOf(document, ['events', path[1], 'op']))?.properties ?? {});
    return objectLevel.length + Math.max(0, fields.indexOf(String(path[2])));
  }
  return objectLevel.length;
}

function eventSchemaFor(op: unknown) {
  return isEventOp(op) ? EVENT_SCHEMAS[op] : undefined;
}

const TYPE_NOUNS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

function describeError(error: ErrorObject, document: unknown): ScenarioProblem {
  const path = decodePointer(error.instancePath, document);
  const field = fieldOf(error);
  const location = formatPath(field === undefined ? path : [...path, field]);
  const event = isEventPath(path) ? path[1] : undefined;
  const value = valueOf(document, path);

  const about = (text: string): ScenarioProblem => ({ location, message: describeAt(path, text, document), event });
  const within = (text: string): ScenarioProblem => ({ location, message: `${ownerLabel(path, document)}: ${text}`, event });

  const got = ` (got ${describeValue(value)})`;
  switch (error.keyword) {
    case 'type':
      return about(`must be ${TYPE_NOUNS[String(error.params.type)] ?? String(error.params.type)}${got}`);
    case 'minimum':
    case 'maximum':
      // Every number in a scenario is an integer.
      return about(`must be an integer ${error.params.comparison} ${error.params.limit}${got}`);
    case 'enum': {
      const allowed: unknown[] = error.params.allowedValues;
      return about(`must be one of ${allowed.map((choice) => JSON.stringify(choice)).join(', ')}${got}`);
    }
    case 'anyOf':
      // The address schema is the only anyOf.
      return about(`must be a hex string like "0x400000" or an integer >= 0${got}`);
    case 'not':
      // The only `not` refuses null in optional fields (see NOT_NULL in schema.ts).
      return about('must not be null (leave it out to get the default)');
    case 'minLength':
      return about('must not be empty');
    case 'maxLength':
      return about(`must be at most ${error.params.limit} characters long`);
    case 'required':
      return within(`missing "${field}"`);
    case 'additionalProperties':
      return within(unknownFieldMessage(String(field), path, document));
    case 'discriminator':
      return {
        location: formatPath([...path, 'op']),
        message: `${ownerLabel(path, document)}: ${opMessage(valueOf(document, [...path, 'op']))}`,
        event,
      };
    default:
      return about(`${error.message ?? 'is invalid'}${got}`);
  }
}

/** A message about the value at `path`, phrased as a field of its owner: `events[3] (mmap): "pages" must be ...`. */
function describeAt(path: Path, text: string, document: unknown): string {
  if (path.length === 0) return `the scenario ${text}`;
  const last = path[path.length - 1];
  if (typeof last === 'number') return `${ownerLabel(path, document)}: ${text}`;
  return `${ownerLabel(path.slice(0, -1), document)}: "${last}" ${text}`;
}

/** How the object at `path` is named: `events[3] (mmap)`, `machine.tlb`, `scenario`. */
function ownerLabel(path: Path, document: unknown): string {
  if (path.length === 0) return 'scenario';
  if (isEventPath(path) && path.length === 2) return eventLabel(path[1], valueOf(document, [...path, 'op']));
  return formatPath(path);
}

function opMessage(op: unknown): string {
  const expected = `expected one of ${EVENT_OPS.join(', ')}`;
  if (op === undefined) return `missing "op"; ${expected}`;
  if (typeof op !== 'string') return `"op" must be a string (got ${describeValue(op)}); ${expected}`;
  const suggestion = closestName(op, EVENT_OPS);
  return `unknown op ${describeValue(op)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; ${expected}`;
}

function unknownFieldMessage(field: string, path: Path, document: unknown): string {
  const allowed = allowedFields(path, document);
  const suggestion = closestName(field, allowed);
  const guess = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  const kind = path[0] === 'machine' ? 'option' : 'field';
  return `unknown ${kind} ${describeValue(field)}${guess}; expected ${allowed.join(', ')}`;
}

/** The fields the schema allows on the object at `path`. */
function allowedFields(path: Path, document: unknown): string[] {
  if (path.length === 0) return Object.keys(scenarioSchema.properties ?? {});
  if (path.length === 1 && path[0] === 'machine') return Object.keys(machineSchema.properties ?? {});
  if (path.length === 2 && path[0] === 'machine' && path[1] === 'tlb') return Object.keys(machineSchema.properties?.tlb.properties ?? {});
  if (isEventPath(path)) return Object.keys(eventSchemaFor(valueOf(document, [...path, 'op']))?.properties ?? {});
  return [];
}
