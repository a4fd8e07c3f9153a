import { existsSync } from 'node:fs';

/** Where Debian's chromium package puts the browser; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. Without Chromium they are skipped with a visible message, except
 * in CI, where a missing browser is a failure (`.ci/run` installs it).
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env['CI']) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install Debian's chromium package`);
  console.warn(`[skip] Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (apt-get install chromium)`);
  return false;
}

/** Headless flags for a sandboxless CI machine with no outside network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
