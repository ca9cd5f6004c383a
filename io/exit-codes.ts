/** The exit status of every vmlab command; `--help` lists them. */
export const EXIT = Object.freeze({
  /** Done, nothing wrong. */
  ok: 0,
  /** Ran, but found a problem: the run failed (out of memory), the modes disagree, goldens are stale, or an audit missed a target. */
  problem: 1,
  /** Refused before running: bad usage, a bad scenario, a file that cannot be read or written. */
  usage: 2,
  /** A bug in vmlab (EX_SOFTWARE of sysexits.h). */
  internal: 70,
});

export const EXIT_STATUS_HELP = `Exit status:
  0   success
  1   the run found a problem (out of memory; with --compare, the modes disagree;
      with goldens --check, the goldens are stale; with grade --submissions, a
      student could not be graded; with report --class, a student could not be
      redrawn; with audit, a target is missed)
  2   bad usage, an invalid scenario, assignment or other input file (named, with
      its line where there is one), a failed handout check, a file that cannot
      be read or written, or an output path that cannot be written (a file
      where a folder is wanted, a folder you cannot write in, a nearly full
      disk; checked before any work)
  70  internal error (a bug in vmlab)`;
