import { WATCHDOG_MARGIN_SECONDS } from './question-files';

/**
 * The script PrairieLearn runs in the grading container (info.json's
 * entrypoint), from /grade/serverFilesCourse/<id>/: it grades with the
 * grader shipped beside it, and when the grader leaves no results.json (Node
 * itself failed), writes one saying so with nothing but the shell.
 * VMLAB_PRAIRIELEARN_ROOT replaces /grade (for testing this script).
 */
export function entrypointScript(assignmentId: string, timeoutSeconds: number): string {
  return `#!/bin/sh
# Grade /grade/student into /grade/results/results.json (PrairieLearn's external grading).
# VMLAB_PRAIRIELEARN_ROOT replaces /grade (for testing this script).
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="\${VMLAB_PRAIRIELEARN_ROOT:-/grade}"
mkdir -p "$ROOT/results"
node "$HERE/vmlab/dist/grader/prairielearn/grade-job-main.js" "$HERE/vmlab/assignments/${assignmentId}" ${Math.max(10, timeoutSeconds - WATCHDOG_MARGIN_SECONDS)}
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  printf '{"gradable":false,"score":0,"message":"The autograder failed on this submission, which costs no attempt. Please tell the course staff.","format_errors":["The autograder failed (exit status %s)."]}\\n' "$status" > "$ROOT/results/.results.json.tmp"
  mv "$ROOT/results/.results.json.tmp" "$ROOT/results/results.json"
fi
exit 0
`;
}
