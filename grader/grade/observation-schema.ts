import type { SchemaObject } from 'ajv';
import { tlbOperationSchema } from '../../assignments/framework/probe-schema';
import { EXIT_REASONS } from '../../reference/hardware/stats';
import { EVENT_COUNTERS } from '../../observe/machine/machine-observation';
import { MAX_ERROR_MESSAGE_LENGTH } from '../../observe/observation';
import { MAX_TLB_OPERATIONS, MAX_TLB_PROBLEM_LENGTH } from '../../observe/tlb/tlb-observation';
import { TLB_RIGHTS_PATTERN } from '../../observe/tlb/tlb-rights';
import { ProbeKind } from '../../observe/probe-types';
import { MAX_PID, MAX_VM, MAX_WORD_VALUE } from '../../reference/scenario/limits';
import { EVENT_OPS } from '../../reference/scenario/schema';
import { MODES } from '../../reference/scenario/types';
import { MAX_TLB_ENTRIES } from '../../reference/tlb/tlb-config';
import { MAX_PCID, MAX_VPID } from '../../reference/tlb/tlb-entry';

/**
 * The JSON Schema of what a component may return for each kind of probe:
 * the observation types of observe/ (observation.ts, walk-probe.ts,
 * nested-walk-probe.ts, machine-observation.ts, tlb/tlb-observation.ts) as
 * data, strict. Every object
 * is closed (no extra keys), every field typed, every integer ranged, every
 * 64-bit value a hex string as hex() writes it (lowercase, no leading zero,
 * at most 16 digits), every list capped at what a probe can produce. The
 * grader checks the child's observations against it before judging
 * (parse-observation.ts); the reference's own observations of every suite
 * pass it (observation-schema.test.ts).
 */

/** hex() of a 64-bit value: "0x0", "0x1000", never "0x01000" or "0X1000". */
const hexString = { type: 'string', pattern: '^0x(0|[1-9a-f][0-9a-f]{0,15})$', maxLength: 18 } as const;
const nullableHex = { anyOf: [hexString, { type: 'null' }] } as const;
const integer = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum }) as const;
const count = integer(0, Number.MAX_SAFE_INTEGER);
const oneOf = (values: readonly string[]) => ({ type: 'string', enum: [...values] }) as const;
const closed = (properties: Record<string, SchemaObject>, required: readonly string[]): SchemaObject => ({
  type: 'object',
  properties,
  required: [...required],
  additionalProperties: false,
});
const list = (items: SchemaObject, maxItems: number): SchemaObject => ({ type: 'array', items, maxItems });
/**
 * `{ ok: true, ... } | { ok: false, ... }`: the branch is chosen by `ok`, so
 * errors name the fields of that branch (and an `ok` that is neither, itself).
 */
const okOrNot = (ok: SchemaObject, failed: SchemaObject): SchemaObject => ({
  type: 'object',
  required: ['ok'],
  if: { properties: { ok: { const: true } } },
  then: ok,
  else: { if: { properties: { ok: { const: false } } }, then: failed, else: { properties: { ok: { type: 'boolean' } } } },
});

/** Paging depth: 4, or 5 with LA57; the same bound for EPT/NPT. */
const MAX_LEVELS = 5;
const level = integer(1, MAX_LEVELS);
const tableIndex = integer(0, 511);
/** RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE | RIGHT_USER (reference/paging/rights.ts). */
const rights = integer(0, 15);
/** A 32-bit register image: #PF error code, VMX exit qualification (as reported here). */
const register32 = integer(0, 0xffff_ffff);

// ------------------------------------------------------------------ walk

const WALK_FAULTS = ['not-present', 'reserved', 'protection', 'access-failed', 'non-canonical'];

const walkObservation = closed(
  {
    kind: { const: 'walk' },
    // One entry read per level, one A/D write per entry used.
    steps: list(closed({ level, index: tableIndex, entryAddress: hexString, entry: hexString }, ['level', 'index', 'entryAddress', 'entry']), MAX_LEVELS),
    result: okOrNot(
      closed({ ok: { const: true }, address: hexString, pageSize: hexString, leafLevel: level, rights }, ['ok', 'address', 'pageSize', 'leafLevel', 'rights']),
      closed({ ok: { const: false }, fault: oneOf(WALK_FAULTS), level }, ['ok', 'fault']),
    ),
    adWrites: list(closed({ level, entryAddress: hexString, bits: hexString }, ['level', 'entryAddress', 'bits']), MAX_LEVELS),
  },
  ['kind', 'steps', 'result', 'adWrites'],
);

// ------------------------------------------------------------------ 2D walk

/** Rows: one per guest level, then the data gPA; columns: one per nested level, then the guest entry. */
const gridCoordinate = integer(0, MAX_LEVELS);
/** Every cell of the grid but the last row's guest entry. */
const MAX_2D_REFERENCES = (MAX_LEVELS + 1) * (MAX_LEVELS + 1) - 1;
/** Each nested entry read is written at most once. */
const MAX_NESTED_AD_WRITES = (MAX_LEVELS + 1) * MAX_LEVELS;

const nestedStop = { gpa: hexString, stage: oneOf(['guest-table', 'final']), guestLevel: level, nestedLevel: level };
const nestedStopRequired = ['kind', 'gpa', 'stage', 'nestedLevel'];
const nestedFault: SchemaObject = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [
    closed({ kind: { const: 'guest-fault' }, guestFault: oneOf(WALK_FAULTS), level, errorCode: register32 }, ['kind', 'guestFault']),
    closed({ kind: { const: 'ept-violation' }, ...nestedStop, qualification: register32 }, [...nestedStopRequired, 'qualification']),
    closed({ kind: { const: 'ept-misconfig' }, ...nestedStop }, nestedStopRequired),
    closed({ kind: { const: 'npt-fault' }, ...nestedStop, exitInfo1: hexString }, [...nestedStopRequired, 'exitInfo1']),
  ],
};

const nestedWalkObservation = closed(
  {
    kind: { const: 'nested-walk' },
    references: list(
      closed(
        { dimension: oneOf(['nested', 'guest']), row: gridCoordinate, column: gridCoordinate, address: hexString, gpa: hexString, level, entry: hexString },
        ['dimension', 'row', 'column', 'address', 'level', 'entry'],
      ),
      MAX_2D_REFERENCES,
    ),
    result: okOrNot(
      closed({ ok: { const: true }, gpa: hexString, hpa: hexString, pageSize: hexString, rights }, ['ok', 'gpa', 'hpa', 'pageSize', 'rights']),
      closed({ ok: { const: false }, fault: nestedFault }, ['ok', 'fault']),
    ),
    guestAdWrites: list(closed({ level, gpa: hexString, hpa: hexString, bits: hexString }, ['level', 'gpa', 'hpa', 'bits']), MAX_LEVELS),
    nestedAdWrites: list(closed({ level, hpa: hexString, bits: hexString }, ['level', 'hpa', 'bits']), MAX_NESTED_AD_WRITES),
  },
  ['kind', 'references', 'result', 'guestAdWrites', 'nestedAdWrites'],
);

// ------------------------------------------------------------------ machine

/**
 * A scenario has no fixed length, so these caps are generous bounds, far
 * above any suite's (the child's messages are capped in size besides): they
 * keep a forged list from making the judge's work unbounded.
 */
export const MAX_MACHINE_EVENTS = 100_000;
const MAX_SNAPSHOT_VMS = 4096;
const MAX_TABLES = 1 << 16;
/** Every guest frame of the largest guest memory the scenario limits allow would be far more; backing lists frames in use. */
const MAX_BACKED_FRAMES = 1 << 22;
/** Hidden faults per access are bounded (shadow-vm.ts gives up after 8), and an event is one access or a handful of guest operations. */
const MAX_FAULTS_PER_EVENT = 256;
const MAX_HANDLER_TEXT = 200;

/** An index → entry map: decimal indexes 0–511, hex entries. */
const sparseEntries: SchemaObject = {
  type: 'object',
  propertyNames: { pattern: '^(0|[1-9][0-9]?|[1-4][0-9]{2}|50[0-9]|51[01])$', maxLength: 3 },
  additionalProperties: hexString,
  maxProperties: 512,
};
const countsOf = (names: readonly string[]): SchemaObject => ({
  type: 'object',
  propertyNames: { enum: [...names] },
  additionalProperties: count,
});

const inspectedPte: SchemaObject = okOrPresent();
function okOrPresent(): SchemaObject {
  return {
    type: 'object',
    required: ['present'],
    properties: { present: { type: 'boolean' } },
    if: { properties: { present: { const: true } } },
    then: closed({ present: { const: true }, writable: { type: 'boolean' }, executable: { type: 'boolean' }, accessed: { type: 'boolean' }, dirty: { type: 'boolean' } }, [
      'present',
      'writable',
      'executable',
      'accessed',
      'dirty',
    ]),
    else: closed({ present: { const: false } }, ['present']),
  };
}

/** reference/scenario/types.ts Outcome: a read's value, a fault, a plain write or exec, an inspection. */
const outcome: SchemaObject = {
  ...closed(
    {
      event: integer(0, MAX_MACHINE_EVENTS),
      op: oneOf(['read', 'write', 'exec', 'inspect']),
      value: integer(0, MAX_WORD_VALUE),
      fault: oneOf(['unmapped', 'protection']),
      pte: inspectedPte,
    },
    ['event', 'op'],
  ),
  maxProperties: 3,
  allOf: [
    { if: { properties: { op: { const: 'inspect' } } }, then: { required: ['pte'] }, else: { not: { required: ['pte'] } } },
    { if: { required: ['value'] }, then: { properties: { op: { const: 'read' } } } },
  ],
};

const handledFault = closed(
  {
    va: hexString,
    access: oneOf(['read', 'write', 'fetch']),
    result: oneOf(['fixed', 'inject', 'invalid']),
    errorCode: hexString,
    cr2: hexString,
    returned: { type: 'string', maxLength: MAX_HANDLER_TEXT },
  },
  ['va', 'access', 'result'],
);

const eventRecord = closed(
  {
    event: integer(0, MAX_MACHINE_EVENTS),
    op: oneOf(EVENT_OPS),
    vm: integer(0, MAX_VM),
    pid: integer(0, MAX_PID),
    va: hexString,
    outcome,
    exits: countsOf(EXIT_REASONS),
    counters: countsOf(Object.keys(EVENT_COUNTERS)),
    faults: list(handledFault, MAX_FAULTS_PER_EVENT),
  },
  ['event', 'op', 'vm', 'pid'],
);

const vmSnapshot = closed(
  {
    vm: integer(0, MAX_VM),
    runningPid: { anyOf: [integer(0, MAX_PID), { type: 'null' }] },
    guestCr3: nullableHex,
    guestLevels: { const: 5 },
    guestTables: list(closed({ table: hexString, level, entries: sparseEntries }, ['table', 'level', 'entries']), MAX_TABLES),
    backing: { type: 'object', propertyNames: hexString, additionalProperties: hexString, maxProperties: MAX_BACKED_FRAMES },
    shadow: closed(
      {
        root: nullableHex,
        protected: list(hexString, MAX_BACKED_FRAMES),
        pages: list(closed({ table: hexString, shadows: hexString, level, direct: { const: true }, unsync: { const: true }, entries: sparseEntries }, ['table', 'shadows', 'level', 'entries']), MAX_TABLES),
      },
      ['root', 'pages'],
    ),
    tlb: list(
      closed(
        { page: hexString, size: hexString, frame: hexString, rights: { type: 'string', pattern: '^[r-][w-][x-][us]$' }, dirty: { type: 'boolean' }, vpid: integer(0, MAX_VPID), pcid: integer(0, MAX_PCID), global: { type: 'boolean' } },
        ['page', 'frame', 'rights', 'dirty'],
      ),
      MAX_TLB_ENTRIES,
    ),
  },
  ['vm', 'runningPid', 'guestCr3', 'guestTables', 'tlb'],
);

const contractStats = closed(
  {
    accesses: count,
    tlbHits: count,
    tlbMisses: count,
    walkMemRefs: count,
    guestPageFaults: count,
    hiddenPageFaults: count,
    vmExits: count,
    vmExitsByReason: closed(Object.fromEntries(EXIT_REASONS.map((reason) => [reason, count])), EXIT_REASONS),
    tlbFlushes: count,
    pageTablePages: closed({ guest: count, shadow: count, ept: count }, ['guest', 'shadow', 'ept']),
    cycles: count,
  },
  ['accesses', 'tlbHits', 'tlbMisses', 'walkMemRefs', 'guestPageFaults', 'hiddenPageFaults', 'vmExits', 'vmExitsByReason', 'tlbFlushes', 'pageTablePages', 'cycles'],
);

const machineObservation = closed(
  {
    kind: { const: 'machine' },
    mode: oneOf(MODES),
    events: list(eventRecord, MAX_MACHINE_EVENTS),
    snapshots: list(closed({ afterEvent: integer(0, MAX_MACHINE_EVENTS), vms: list(vmSnapshot, MAX_SNAPSHOT_VMS) }, ['afterEvent', 'vms']), MAX_MACHINE_EVENTS),
    stopped: closed({ event: integer(0, MAX_MACHINE_EVENTS), message: { type: 'string', maxLength: MAX_ERROR_MESSAGE_LENGTH } }, ['event', 'message']),
    stats: contractStats,
  },
  ['kind', 'mode', 'events', 'snapshots'],
);

// ------------------------------------------------------------------ TLB

const tlbEntry = closed(
  {
    vpid: integer(0, 0xffff),
    pcid: integer(0, 0xfff),
    global: { type: 'boolean' },
    page: hexString,
    pageSize: hexString,
    frame: hexString,
    rights: { type: 'string', pattern: TLB_RIGHTS_PATTERN },
    dirty: { type: 'boolean' },
    mappedPageSize: hexString,
  },
  ['vpid', 'pcid', 'global', 'page', 'pageSize', 'frame', 'rights', 'dirty'],
);

const tlbOutcome: SchemaObject = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [
    closed({ kind: { const: 'miss' } }, ['kind']),
    closed({ kind: { const: 'hit' }, address: hexString, entry: tlbEntry }, ['kind', 'address', 'entry']),
    closed({ kind: { const: 'filled' } }, ['kind']),
    closed({ kind: { const: 'dropped' }, count: integer(0, MAX_TLB_ENTRIES) }, ['kind', 'count']),
    closed({ kind: { const: 'garbage' }, problem: { type: 'string', maxLength: MAX_TLB_PROBLEM_LENGTH } }, ['kind', 'problem']),
  ],
};

const tlbObservation = closed(
  {
    kind: { const: 'tlb' },
    // The operation is the probe's, repeated so the judge can name it (the judge names the reference's only).
    steps: list(closed({ operation: tlbOperationSchema, outcome: tlbOutcome }, ['operation', 'outcome']), MAX_TLB_OPERATIONS),
    stopped: closed({ operation: integer(0, MAX_TLB_OPERATIONS), message: { type: 'string', maxLength: MAX_ERROR_MESSAGE_LENGTH } }, ['operation', 'message']),
    resident: okOrNot(
      closed({ ok: { const: true }, entries: list(tlbEntry, MAX_TLB_ENTRIES) }, ['ok', 'entries']),
      closed({ ok: { const: false }, problem: { type: 'string', maxLength: MAX_TLB_PROBLEM_LENGTH } }, ['ok', 'problem']),
    ),
  },
  ['kind', 'steps'],
);

// ------------------------------------------------------------------ by probe

const errorObservation = closed({ kind: { const: 'error' }, message: { type: 'string', maxLength: MAX_ERROR_MESSAGE_LENGTH } }, ['kind', 'message']);

const OBSERVATION_OF: Readonly<Record<ProbeKind, SchemaObject>> = { walk: walkObservation, 'nested-walk': nestedWalkObservation, machine: machineObservation, tlb: tlbObservation };

/**
 * What a component may return for a probe of `kind`: that kind's
 * observation, or an error (it threw). An observation of another kind is
 * malformed too: a walker's answer to a machine probe is no answer.
 */
export function observationSchema(kind: ProbeKind): SchemaObject {
  return { type: 'object', discriminator: { propertyName: 'kind' }, required: ['kind'], oneOf: [OBSERVATION_OF[kind], errorObservation] };
}
