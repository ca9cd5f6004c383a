import { VmlabError } from '../../reference/errors';
import { LatePolicySettings } from '../../assignments/framework/manifest-types';
import { checkTimeZone, parseDateTime } from './date-time';
import { durationText, parseDuration, UNIT_MS } from './durations';

/** The policy as text: the manifest's `late` block, the command line's options, OUT/late-work.json's `policy`. */
export type { LatePolicySettings };

/**
 * An amount of points: a share of the (adjusted) score in percent (`10%`), a
 * share of the assignment's maximum in percent (`10% of max`: the way LMS
 * gradebooks such as Canvas deduct), or points.
 */
export interface Amount {
  readonly value: number;
  readonly unit: 'percent' | 'percent-of-max' | 'points';
}

export interface LatePolicy {
  readonly dueMs: number;
  readonly timeZone?: string;
  readonly penalty: Amount & { readonly per: 'day' | 'hour' };
  readonly cap?: Amount;
  readonly graceMs: number;
  readonly closesMs?: number;
  /** The settings as read, the dates as instants in UTC: what OUT/late-work.json keeps. */
  readonly settings: LatePolicySettings;
}

/** A per-day or per-hour penalty's unit in milliseconds. */
export const PER_MS = { day: UNIT_MS.d, hour: UNIT_MS.h } as const;

/**
 * Read a late policy; `where` says where it came from ("assignment.json: late",
 * "the command line"), and each refusal names the field.
 */
export function parseLatePolicy(settings: LatePolicySettings, where: string): LatePolicy {
  const field = (name: keyof LatePolicySettings) => `${where}: ${name}`;
  if (settings.timeZone !== undefined) checkTimeZone(settings.timeZone, field('timeZone'));
  const dueMs = parseDateTime(settings.due, settings.timeZone, field('due'));
  const penalty = parsePenalty(settings.penalty, field('penalty'));
  const cap = settings.cap === undefined ? undefined : parseAmount(settings.cap, field('cap'));
  const graceMs = settings.grace === undefined ? 0 : parseDuration(settings.grace);
  if (graceMs === undefined) throw new VmlabError('INPUT_INVALID', `${field('grace')}: ${JSON.stringify(settings.grace!.slice(0, 40))} is not a duration (expected e.g. 15m, 2h, 1d or 0)`);
  const closesMs = settings.closes === undefined ? undefined : parseDateTime(settings.closes, settings.timeZone, field('closes'));
  if (closesMs !== undefined && closesMs <= dueMs + graceMs) throw new VmlabError('INPUT_INVALID', `${field('closes')}: ${settings.closes} is not after the due date and its grace period`);
  const instant = (ms: number) => new Date(ms).toISOString();
  const kept: LatePolicySettings = {
    due: instant(dueMs),
    ...(settings.timeZone === undefined ? {} : { timeZone: settings.timeZone }),
    penalty: `${amountText(penalty)}/${penalty.per}`,
    ...(cap === undefined ? {} : { cap: amountText(cap) }),
    ...(graceMs === 0 ? {} : { grace: durationText(graceMs) }),
    ...(closesMs === undefined ? {} : { closes: instant(closesMs) }),
  };
  return { dueMs, ...(settings.timeZone === undefined ? {} : { timeZone: settings.timeZone }), penalty, ...(cap === undefined ? {} : { cap }), graceMs, ...(closesMs === undefined ? {} : { closesMs }), settings: kept };
}

/** "10%", "2 points". */
export function amountText(amount: Amount): string {
  if (amount.unit === 'percent') return `${amount.value}%`;
  if (amount.unit === 'percent-of-max') return `${amount.value}% of max`;
  return `${amount.value} point${amount.value === 1 ? '' : 's'}`;
}

function parsePenalty(text: string, where: string): Amount & { per: 'day' | 'hour' } {
  const match = /^(.+?)\s*(?:\/|\bper\b)\s*(day|d|hour|h|hr)$/i.exec(text.trim());
  if (match === null) throw new VmlabError('INPUT_INVALID', `${where}: ${JSON.stringify(text.slice(0, 40))} is not a penalty (expected e.g. 10%/day, 2 points/hour or 5%/h)`);
  const amount = parseAmount(match[1], where);
  if (amount.unit !== 'points' && amount.value > 100) throw new VmlabError('INPUT_INVALID', `${where}: ${amount.value}% is more than the whole score`);
  return { ...amount, per: match[2].toLowerCase().startsWith('d') ? 'day' : 'hour' };
}

function parseAmount(text: string, where: string): Amount {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%\s*of\s*max|%|points?|pts?)?$/i.exec(text.trim());
  if (match === null) throw new VmlabError('INPUT_INVALID', `${where}: ${JSON.stringify(text.slice(0, 40))} is not an amount (expected a share of the score, e.g. 10%, of the maximum, e.g. 10% of max, or points, e.g. 2 or 2 points)`);
  const unit = match[2] === undefined || !match[2].startsWith('%') ? 'points' : match[2] === '%' ? 'percent' : 'percent-of-max';
  return { value: Number(match[1]), unit };
}
