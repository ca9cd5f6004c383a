import { Command } from 'commander';
import * as path from 'path';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { fractionUpToOne } from '../integer-option';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface SimilarityCommandOptions {
  assignment?: string;
  submissions?: string;
  class?: string;
  threshold?: number;
}

/** `vmlab similarity`: the staff-only page of submissions whose student files are suspiciously alike, by Dolos. */
export function registerSimilarity(program: Command, io: CliIo): void {
  program
    .command('similarity')
    .summary("list a class's pairs of submissions whose student files are alike (Dolos), for staff only")
    .description(
      "Compare every submission's student files (read at their handout paths, as grading reads them) with every " +
        "other's, one file at a time, with Dolos (@dodona/dolos-lib), which fingerprints the code's syntax tree, so " +
        "that renamed variables and moved whitespace do not hide a copy. The handout's stub of each file is given " +
        'to Dolos as template: code every student was handed makes no pair alike. Writes similarity.html into the --class ' +
        "folder, next to the class's summary.html, and links it from the summary: the pairs at or above --threshold, most alike first, each with its shared " +
        'fragments side by side. The page quotes students\' code: it is for staff only, and nothing of it goes into ' +
        "any student's report or results.json. DIR is the folder the class was graded from (`vmlab grade " +
        '--submissions DIR`): one folder per student, or a Gradescope export, a group counting once. Dolos runs in a ' +
        'child process; nothing is graded.',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--submissions <dir>', 'the class\'s submissions, as given to `vmlab grade --submissions` (required)')
    .option('--class <dir>', 'the graded class: the OUT folder of `vmlab grade --submissions`, where similarity.html goes (required)')
    .option('--threshold <fraction>', "the similarity a pair must reach to be listed, from Dolos's score in (0, 1] (default: 0.6)", fractionUpToOne)
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab similarity --assignment assignments/walk --submissions class --class /tmp/walk-class
  $ vmlab similarity --assignment assignments/walk --submissions export --class /tmp/walk-class --threshold 0.8

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: SimilarityCommandOptions, command: Command) => {
      const assignmentDir = mandatory(command, '--assignment <dir>', options.assignment);
      const submissionsDir = mandatory(command, '--submissions <dir>', options.submissions);
      const classDir = mandatory(command, '--class <dir>', options.class);
      const { analyzeClassSimilarity } = await import('../../grader/similarity/analyze-class-similarity');
      const { similarityView, DEFAULT_SIMILARITY_THRESHOLD } = await import('../../grader/similarity/similarity-view');
      const { renderSimilarityPage, SIMILARITY_PAGE } = await import('../../grader/similarity/render-similarity-page');
      const { writeFileAtomically } = await import('../../io/write-file-atomically');
      const page = path.join(classDir, SIMILARITY_PAGE);
      await checkOutputTarget(page, 'file');
      const view = similarityView(await analyzeClassSimilarity(assignmentDir, submissionsDir), options.threshold ?? DEFAULT_SIMILARITY_THRESHOLD);
      await writeFileAtomically(page, renderSimilarityPage(view));
      const top = view.pairs[0];
      const most = top === undefined ? '' : `; most alike: ${top.left} and ${top.right}, ${top.similarity}`;
      io.stdout.write(`wrote ${page}: ${view.above} of ${view.compared} pairs at or above ${view.threshold}${most}\n`);
      // The summary was drawn before this page existed: its pointer becomes a link.
      const { linkSimilarityInSummary } = await import('../../grader/staff/similarity-link');
      if (await linkSimilarityInSummary(classDir)) io.stdout.write(`linked it from ${path.join(classDir, 'summary.html')}\n`);
    });
}
