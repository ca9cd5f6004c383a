import { Command, Option } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface ExportCommandOptions {
  class?: string;
  format?: 'canvas' | 'moodle' | 'csv';
  roster?: string;
  column?: string;
  out?: string;
}

/** `vmlab export`: a gradebook import file (Canvas, Moodle or plain CSV) from a graded class folder. */
export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .summary("write a graded class's scores as a file the LMS gradebook imports (Canvas, Moodle, CSV)")
    .description(
      'Read every OUT/<student>/results.json of a class graded with `vmlab grade --submissions DIR --out OUT` and write ' +
        'one row per student with the score in points, without grading anything. --format canvas writes the columns of ' +
        "Canvas's gradebook import (Student, ID, SIS User ID, SIS Login ID, Section, then the assignment; Canvas matches " +
        'rows by SIS id, else by name; students without a score are left out). --format moodle writes Email address, ID ' +
        'number, Full name and the grade (map "Email address" or "ID number" to the user in Moodle\'s CSV grade import; a ' +
        'student with neither is refused). --format csv writes student, the roster\'s columns, score and max, roster ' +
        'students without a submission included with no score. Names, emails, SIS ids and sections come from --roster ' +
        '(the same CSV as `vmlab grade --roster`), else from the roster the class was graded with (OUT/roster.json). What is left out or may not match is said on stderr. The file is ' +
        'written whole or not at all.',
    )
    .option('--class <dir>', 'the graded class: the OUT folder of `vmlab grade --submissions` (required)')
    .addOption(new Option('--format <format>', 'the gradebook to import into (required)').choices(['canvas', 'moodle', 'csv']))
    .option('--roster <file>', 'the class roster (CSV: an id column plus any of name, email, SIS User ID, SIS Login ID, section)')
    .option('--column <name>', "the assignment's column, as the LMS names it (default: the assignment's title); for Canvas, \"Title (assignment id)\" updates that assignment")
    .option('--out <file>', 'the file to write (required)')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab export --class /tmp/walk-class --format canvas --roster roster.csv --column "Page walk (48213)" --out walk-canvas.csv
  $ vmlab export --class /tmp/walk-class --format moodle --roster roster.csv --out walk-moodle.csv
  $ vmlab export --class /tmp/walk-class --format csv --out walk-grades.csv

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: ExportCommandOptions, command: Command) => {
      const classDir = mandatory(command, '--class <dir>', options.class);
      const format = mandatory(command, '--format <format>', options.format);
      const out = mandatory(command, '--out <file>', options.out);
      await checkOutputTarget(out, 'file');
      const { readRoster } = await import('../../grader/gradebook/roster');
      const { joinRoster } = await import('../../grader/gradebook/roster-join');
      const { readKeptRoster } = await import('../../grader/gradebook/kept-roster');
      const { readClassGrades } = await import('../../grader/gradebook/read-class-grades');
      const { gradebookExport } = await import('../../grader/gradebook/gradebook-export');
      const { writeFileAtomically } = await import('../../io/write-file-atomically');
      // The roster given, else the one the class was graded or redrawn with (kept in OUT).
      const roster = options.roster === undefined ? readKeptRoster(classDir) : readRoster(options.roster);
      const grades = readClassGrades(classDir);
      const joined = roster === undefined ? undefined : joinRoster(roster, grades.students.map(({ student }) => student));
      const exported = gradebookExport(format, grades, options.column ?? grades.assignment.title, joined);
      await writeFileAtomically(out, exported.csv);
      for (const warning of exported.warnings) io.stderr.write(`vmlab: ${warning}\n`);
      io.stdout.write(`wrote ${out}: ${grades.students.length} graded students of ${grades.assignment.id}, for ${format}\n`);
    });
}
