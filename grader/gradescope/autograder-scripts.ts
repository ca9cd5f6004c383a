/**
 * The two scripts Gradescope runs. setup.sh runs once, as root, when
 * Gradescope builds the autograder image (the zip is unpacked into
 * /autograder/source); run_autograder runs for every submission, with the
 * student's files in /autograder/submission, and must leave
 * /autograder/results/results.json.
 */

export function setupScript(): string {
  return `#!/usr/bin/env bash
# Install Node 20+ and vmlab's dependencies into the autograder image.
set -euo pipefail
cd "$(dirname "$0")"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 20 ]; then
  # Ubuntu's own nodejs is older than 20: take npm from Ubuntu, then Node 20
  # itself from the npm registry (the "node" package ships the binary).
  apt-get update
  apt-get install -y nodejs npm
  npm install -g node@20
  hash -r
fi
# Development packages (the test runners, the browser driver, the similarity checker) are not needed to grade.
npm ci --omit=dev --no-audit --no-fund
`;
}

export function runAutograderScript(assignmentId: string): string {
  return `#!/usr/bin/env bash
# Grade /autograder/submission into /autograder/results/results.json.
# VMLAB_AUTOGRADER_ROOT replaces /autograder (for testing this script).
set -uo pipefail
ROOT="\${VMLAB_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
mkdir -p "$ROOT/results"
STUDENT="$(node -e '
  const fs = require("fs");
  try {
    const users = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).users || [];
    const user = users[0] || {};
    process.stdout.write(String(user.sid || user.email || user.name || "submission"));
  } catch { process.stdout.write("submission"); }
' "$ROOT/submission_metadata.json")"
# The metadata's created_at is the submission time for the manifest's late policy, its due_date the due date, and a later due date of the
# student's own (an extension granted on Gradescope) extends it.
METADATA=()
if [ -f "$ROOT/submission_metadata.json" ]; then METADATA=(--submission-metadata "$ROOT/submission_metadata.json"); fi
# Gradescope itself holds back after_due_date tests until the due date, so their feedback is written in full.
node "$SOURCE/bin/vmlab.js" grade --assignment "$SOURCE/assignments/${assignmentId}" \\
  --submission "$ROOT/submission" --out "$ROOT/results" --student "$STUDENT" --after-due-date \${METADATA[@]+"\${METADATA[@]}"}
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  # The grader itself failed: say so rather than leave Gradescope without results.
  node -e '
    const fs = require("fs");
    fs.writeFileSync(process.argv[1], JSON.stringify({ score: 0, output: "The autograder failed (exit status " + process.argv[2] + "). Please tell the course staff.", tests: [] }));
  ' "$ROOT/results/results.json" "$status"
fi
exit 0
`;
}
