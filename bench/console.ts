import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { launch } from '../console/test/support/browser.ts';
import { repoRoot } from '../test/support/runtime.ts';
import { type LatencySummary, round, summarize } from './stats.ts';

export interface ConsoleResult {
  /** The built console's assets, gzipped as a CDN would serve them. */
  jsGzipKiB: number;
  cssGzipKiB: number;
  samples: number;
  /** From navigating to /console/ (signed in) to the home screen's data on screen. */
  homeMs: LatencySummary;
}

function assetsGzipKiB(extension: string): number {
  const dir = join(repoRoot, 'console', 'dist', 'assets');
  const bytes = readdirSync(dir)
    .filter((file) => file.endsWith(extension))
    .reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file))).byteLength, 0);
  return round(bytes / 1024);
}

/**
 * The console as a manager opens it: signed in once (the issuer's session cookie), then the home
 * screen loaded `samples` times in a fresh page, timed until nothing on it is loading any more.
 */
export async function consoleTiming(baseUrl: string, samples = 10): Promise<ConsoleResult> {
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    const first = await context.newPage();
    await first.goto(`${baseUrl}/console/`);
    await first.waitForURL(/\/oauth2\/authorize/);
    await first.getByLabel('Usuário').fill('gerente');
    await first.getByLabel('Senha').fill('local-gerente-password');
    await first.getByRole('button', { name: 'Entrar' }).click();
    await first.getByText('Usuário: gerente').waitFor({ timeout: 30_000 });
    await first.close();
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${baseUrl}/console/`);
      await page.getByText('Usuário: gerente').waitFor({ timeout: 30_000 });
      await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 30_000 });
      times.push(performance.now() - t0);
      await page.close();
    }
    return {
      jsGzipKiB: assetsGzipKiB('.js'),
      cssGzipKiB: assetsGzipKiB('.css'),
      samples,
      homeMs: summarize(times),
    };
  } finally {
    await browser.close();
  }
}
