import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { vmlabRoot } from './vmlab-root';

/** The folder of the page templates and their partials/, relative to vmlab's root (a handout ships it at the same place). */
export const TEMPLATES_FOLDER = 'templates';

/**
 * The page template `templates/<name>.hbs`, compiled with every partial of
 * `templates/partials/` registered under its file name (`page-style.hbs` is
 * `{{> page-style}}`). Each call uses a handlebars instance of its own, so no
 * page sees another's partials or helpers, and everything, partials too, is
 * compiled in strict mode: a field the data lacks is an error, not an empty
 * string.
 */
export function loadTemplate(name: string, templatesDir: string = path.join(vmlabRoot(), TEMPLATES_FOLDER)): HandlebarsTemplateDelegate {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`vmlab internal error: template name ${JSON.stringify(name)}`);
  const handlebars = Handlebars.create();
  const partialsDir = path.join(templatesDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((entry) => entry.endsWith('.hbs')).sort()) {
    handlebars.registerPartial(path.basename(file, '.hbs'), handlebars.compile(readFileSync(path.join(partialsDir, file), 'utf8'), { strict: true }));
  }
  return handlebars.compile(readFileSync(path.join(templatesDir, `${name}.hbs`), 'utf8'), { strict: true });
}

const compiledVmlabTemplates = new Map<string, HandlebarsTemplateDelegate>();

/** loadTemplate of vmlab's own templates/, compiled once per process: they do not change while it runs, and a batch renders a page per student. */
export function vmlabTemplate(name: string): HandlebarsTemplateDelegate {
  let template = compiledVmlabTemplates.get(name);
  if (template === undefined) {
    template = loadTemplate(name);
    compiledVmlabTemplates.set(name, template);
  }
  return template;
}
