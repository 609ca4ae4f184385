import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { builtFile, external, tool, type Need } from './test-needs.js';

/** Debian's chromium (`.ci/run` installs it); test tools' own browser downloads do not work here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What browser tests need: the browser (Debian's, unless CHROMIUM_PATH names another) and the built client. */
export function browserNeeds(): Need[] {
  return [
    process.env.CHROMIUM_PATH ? external(existsSync(CHROMIUM), `no browser at ${CHROMIUM}`) : tool(CHROMIUM),
    builtFile(resolve(import.meta.dirname, '../../dist/web/client/index.html'), 'npm run build'),
  ];
}

/** Headless chromium with the flags this machine needs (no sandbox as root, no GPU, no network chatter). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A page that records console errors and uncaught exceptions, so a test can require none. */
export async function openRecordingPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return { page, errors };
}

/** `tcbscope serve --port 0` as users run it (the compiled CLI), with any further flags, and the address it printed. */
export async function startServe(
  db: string,
  flags: readonly string[] = [],
): Promise<{ url: string; stop(): Promise<void>; stderr(): string }> {
  const bin = resolve(import.meta.dirname, '../../dist/cli/bin.js');
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /(http:\/\/\S+\/)/.exec(stdout);
      if (match) resolveUrl(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`tcbscope serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
