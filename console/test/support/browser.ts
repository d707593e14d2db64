/**
 * The console's browser tests: Debian's Chromium driven by playwright-core (no browser download),
 * headless, signing in through the local issuer's form as a person does.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { apiUrl } from '#test/support/api.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotsDir = fileURLToPath(new URL('../../screenshots/', import.meta.url));

/**
 * Without the background-networking flags Chromium keeps dialling Google on this offline machine.
 * Playwright starts every browser with a fresh `--user-data-dir` of its own, deleted on close.
 */
export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

export const staff = {
  gerente: 'local-gerente-password',
  caixa: 'local-caixa-password',
} as const;
export type StaffName = keyof typeof staff;

export const consoleUrl = (path = ''): string => `${apiUrl()}/console/${path}`;

/** A new browser context (its own cookies), signed in as `user`, at `path`. */
export async function signedIn(browser: Browser, user: StaffName, path = ''): Promise<Page> {
  const context = await browser.newContext({
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(consoleUrl(path));
  await signInForm(page, user, staff[user]);
  await page.getByText(`Usuário: ${user}`).waitFor();
  await settled(page);
  return page;
}

/** Fills the issuer's sign-in form. */
export async function signInForm(page: Page, username: string, password: string): Promise<void> {
  await page.waitForURL(/\/oauth2\/authorize/);
  await page.getByLabel('Usuário').fill(username);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

/** Until nothing on screen is loading any more. */
export async function settled(page: Page): Promise<void> {
  // A new address is a new document: the console signs in again (the issuer's session) and renders.
  await page.locator('header.top, main.centered').first().waitFor({ timeout: 30_000 });
  await idle(page);
}

/** Until no call of the page is still running. */
export async function idle(page: Page): Promise<void> {
  // Locators, not a string to evaluate: the console's CSP allows no eval, even to a test.
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 30_000 });
}

/** Same text whatever the spaces (Intl writes `R$` and the amount with a no-break space between). */
export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

export const brl = (amount: number): string =>
  squash(new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(amount / 100));

/** axe on the screen as it is: no serious or critical violation of WCAG 2.1 A/AA. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (bad.length > 0) throw new Error(`accessibility violations on ${screen}:\n${bad.join('\n')}`);
}

/** A full-page picture of the screen for a person to look at, in console/screenshots/ (ignored by git). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
}

/** Checks a screen is accessible and keeps a picture of it. */
export async function look(page: Page, name: string): Promise<void> {
  await idle(page);
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** A locator's text, spaces squashed. */
export const textOf = async (locator: Locator): Promise<string> =>
  squash((await locator.textContent()) ?? '');

/** The cells of a table row, each squashed. */
export const cellsOf = async (row: Locator): Promise<string[]> =>
  (await row.locator('td, th').allTextContents()).map(squash);
