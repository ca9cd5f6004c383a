import { VmlabError } from '../../reference/errors';
import { readExtensionsFile } from './extensions-file';
import { LatePolicySettings, parseLatePolicy } from './late-policy';
import { ManifestLatePolicy } from '../../assignments/framework/manifest-types';
import { LateWork } from './late-work-file';

/** What the command line says about late work: policy fields (each replaces the one in force) and an extensions file. */
export interface LateWorkOptions {
  readonly settings: Partial<LatePolicySettings>;
  /** The class's whole set of extensions, replacing those kept before. */
  readonly extensionsFile?: string;
}

/**
 * The late work in force: the policy from the command line's fields over the
 * one kept in OUT over the manifest's (a field the command line does not give
 * stays as it was), with the platform's due date (`platformDue`, Gradescope's)
 * in place of the kept or manifest one, and the extensions from the file
 * given, else those kept.
 * Undefined when there is no policy at all. Refused: a policy the command
 * line starts without a due date or a penalty, extensions without a policy.
 */
export function resolveLateWork(options: LateWorkOptions, kept: LateWork | undefined, manifest: { readonly settings?: ManifestLatePolicy; readonly file: string }, platformDue?: string): LateWork | undefined {
  const given = Object.fromEntries(Object.entries(options.settings).filter(([, value]) => value !== undefined)) as Partial<LatePolicySettings>;
  const fromCommandLine = Object.keys(given).length > 0;
  const base: Partial<LatePolicySettings> | undefined = kept?.policy.settings ?? manifest.settings;
  if (!fromCommandLine && base === undefined) {
    if (options.extensionsFile !== undefined) throw new VmlabError('INPUT_INVALID', `${options.extensionsFile}: extensions need a late policy (--due and --late-penalty, or a "late" block in ${manifest.file})`);
    return undefined;
  }
  // The platform's due date is the one its students see (a Gradescope due date the staff moved there): it replaces the kept or manifest one.
  const merged = { ...base, ...(platformDue === undefined ? {} : { due: platformDue }), ...given };
  if (merged.due === undefined || merged.penalty === undefined) {
    const missing = [merged.due === undefined ? '--due' : '', merged.penalty === undefined ? '--late-penalty' : ''].filter((name) => name !== '');
    throw new VmlabError('INPUT_INVALID', `a late policy needs ${missing.join(' and ')} (or "due" and "penalty" in the "late" block of ${manifest.file}; on Gradescope the due date is Gradescope's)`);
  }
  const where = fromCommandLine ? 'the late policy given' : kept !== undefined ? 'the kept late policy' : `${manifest.file}: late`;
  const policy = parseLatePolicy(merged as LatePolicySettings, where);
  const extensions = options.extensionsFile === undefined ? (kept?.extensions ?? []) : readExtensionsFile(options.extensionsFile, policy.timeZone);
  return { policy, extensions };
}
