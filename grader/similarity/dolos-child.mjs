/*
 * Runs Dolos (@dodona/dolos-lib) on one student file of a class, in a child
 * process of its own: Dolos ships as an ES module, which the grader (CommonJS,
 * and jest's module system under test) cannot load, and its parsers are
 * native code fed student text, which stays out of the grader's process.
 *
 * Reads one request as JSON on stdin:
 *   { language, files: [{ label, content }], template?: { label, content } }
 * and writes the analysis as JSON on stdout:
 *   { pairs: [{ left, right, similarity, longest, fragments: [{ left, right }] }], warnings }
 * where `left`/`right` of a pair are indexes into `files` and those of a
 * fragment are line spans { startRow, endRow } (0-based, inclusive).
 * Plain JavaScript on purpose: it runs as is from the sources and from dist/.
 */
import { Dolos, File } from '@dodona/dolos-lib';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

// The File objects, in request order, so that a pair's files map back to indexes.
const files = request.files.map((file) => new File(file.label, file.content));
const indexOf = new Map(files.map((file, index) => [file, index]));
const template = request.template === undefined ? undefined : new File(request.template.label, request.template.content);

const dolos = new Dolos({ language: request.language });
const report = await dolos.analyze(files, 'vmlab', template);
const fileIndex = (tokenized) => {
  const index = indexOf.get(tokenized.file);
  if (index === undefined) throw new Error(`dolos-child: a pair names a file that was not analysed: ${tokenized.path}`);
  return index;
};
const span = (region) => ({ startRow: region.startRow, endRow: region.endRow });
const pairs = report.allPairs().map((pair) => ({
  left: fileIndex(pair.leftFile),
  right: fileIndex(pair.rightFile),
  similarity: pair.similarity,
  longest: pair.longest,
  fragments: pair.buildFragments().map((fragment) => ({ left: span(fragment.leftSelection), right: span(fragment.rightSelection) })),
}));
process.stdout.write(JSON.stringify({ pairs, warnings: report.warnings }));
