import * as path from 'path';

/**
 * Runs only inside the audit child (see audit-child-bootstrap.ts), where
 * Node's own `require` loads the TypeScript sources through a transpiling
 * hook that serves `sourceOverrides` in place of a file's text.
 */
const OVERRIDES_KEY = Symbol.for('vmlab.audit.sourceOverrides');

export function sourceOverrides(): Map<string, string> {
  const holder = globalThis as unknown as Record<symbol, Map<string, string> | undefined>;
  const overrides = holder[OVERRIDES_KEY];
  if (overrides === undefined) throw new Error('vmlab internal error: the audit child runs without its require hook');
  return overrides;
}

/**
 * Load `modulePath` (absolute, without extension) from a fresh copy of the
 * repository's module graph in which `file` reads as `text`, then put the
 * original graph back. Modules loaded before keep their own imports, so the
 * machine, the probes and the judge stay the reference's: only what the
 * caller takes from the returned module is mutated.
 */
export function loadFresh(repoRoot: string, file: string, text: string, modulePath: string): unknown {
  const ownModule = (key: string) => key.startsWith(repoRoot + path.sep) && !key.includes(`${path.sep}node_modules${path.sep}`) && key.endsWith('.ts');
  const saved = new Map<string, NodeJS.Module>();
  for (const [key, loaded] of Object.entries(require.cache)) {
    if (loaded !== undefined && ownModule(key)) {
      saved.set(key, loaded);
      delete require.cache[key];
    }
  }
  const overrides = sourceOverrides();
  overrides.set(file, text);
  try {
    return require(modulePath) as unknown;
  } finally {
    overrides.delete(file);
    for (const key of Object.keys(require.cache)) if (ownModule(key)) delete require.cache[key];
    for (const [key, loaded] of saved) require.cache[key] = loaded;
  }
}
