import { AuditReport, KillTally } from './run-audit';

const percent = (tally: KillTally) =>
  `${tally.killed}/${tally.total} (${(tally.killRate * 100).toFixed(1)}%)${tally.equivalent > 0 ? `, ${tally.equivalent} marked equivalent` : ''}`;

/** The readable audit: kill rates, then every survivor with its diff, then whether the target is met. */
export function renderAuditText(report: AuditReport): string {
  const lines: string[] = [];
  const sampled = report.limit !== undefined && report.mutants.length < report.generated;
  lines.push(`Mutation audit of ${report.assignment}: ${report.generated} mutants generated, ${report.mutants.length} evaluated${sampled ? ` (sampled with --limit ${report.limit})` : ''} in ${report.seconds.toFixed(1)} s`);
  lines.push(`Killed: ${percent(report)}`);
  const reasons = new Map<string, number>();
  for (const { outcome } of report.mutants) if (outcome.status === 'killed') reasons.set(outcome.by, (reasons.get(outcome.by) ?? 0) + 1);
  if (reasons.size > 0) lines.push(`  by ${[...reasons].map(([by, n]) => `${by}: ${n}`).join(', ')}`);
  for (const component of report.byComponent) {
    lines.push(`  ${component.component}: ${percent(component)}`);
    for (const file of report.byFile.filter((f) => f.component === component.component)) lines.push(`    ${file.file}: ${percent(file)}`);
  }
  const survivors = report.mutants.filter((m) => m.outcome.status === 'survived' && m.equivalent === undefined);
  const equivalents = report.mutants.filter((m) => m.outcome.status === 'survived' && m.equivalent !== undefined);
  if (equivalents.length > 0) {
    lines.push('');
    lines.push(`Marked equivalent in the source and set apart (${equivalents.length}; each mark says why):`);
    for (const mutant of equivalents) lines.push(`  ${mutant.file}:${mutant.line}:${mutant.column}  ${mutant.kind}: ${mutant.equivalent}`);
  }
  if (report.wronglyMarked.length > 0) {
    lines.push('');
    lines.push(`Marked equivalent but killed by a test (${report.wronglyMarked.length}): the mark is wrong, remove it:`);
    for (const mutant of report.wronglyMarked) lines.push(`  ${mutant.file}:${mutant.line}:${mutant.column}  ${mutant.kind}`);
  }
  lines.push('');
  if (survivors.length === 0) lines.push('No surviving mutants.');
  else {
    lines.push(`Surviving mutants (${survivors.length}; some may be equivalent to the reference — check each by hand):`);
    for (const mutant of survivors) {
      lines.push(`  ${mutant.file}:${mutant.line}:${mutant.column}  ${mutant.kind}`);
      lines.push(`    - ${mutant.before.trim()}`);
      lines.push(`    + ${mutant.after.trim()}`);
    }
  }
  lines.push('');
  lines.push(
    `Target ${(report.target * 100).toFixed(0)}% ${report.targetMet ? 'met' : 'NOT met'}: ${(report.killRate * 100).toFixed(1)}% of ${sampled ? 'the sampled ' : ''}mutants killed.`,
  );
  return lines.join('\n') + '\n';
}
