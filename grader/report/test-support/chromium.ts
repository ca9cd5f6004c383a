import { existsSync } from 'fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`), which `.ci/run` installs; VMLAB_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.VMLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, and nothing that would reach the network on its own. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether the browser tests can run here. Where Chromium is absent they skip
 * with this reason, except in CI (CI=true), which installs it: there a
 * missing browser is a failure, not a skip.
 */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `Chromium not found at ${CHROMIUM_PATH} (install it with "apt-get install chromium", or set VMLAB_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI must have it: .ci/run installs it`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
