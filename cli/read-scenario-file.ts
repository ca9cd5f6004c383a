import { readFile } from 'fs/promises';
import { VmlabError } from '../reference/errors';
import { ResolvedScenario } from '../reference/scenario/types';
import { parseScenarioText } from '../reference/scenario/validate';
import { describeFsError } from '../io/fs-errors';

/** Read and validate a scenario file; every failure is a VmlabError whose message starts with the file name. */
export async function readScenarioFile(file: string): Promise<ResolvedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new VmlabError('IO', `${file}: cannot read the scenario: ${describeFsError(error)}`);
  }
  return parseScenarioText(text, file);
}
