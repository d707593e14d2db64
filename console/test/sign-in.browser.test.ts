import type { Browser } from 'playwright-core';
import { describeLocal } from '#test/support/target.ts';
import { consoleUrl, launch, look, settled, signedIn, signInForm } from './support/browser.ts';

describeLocal('console sign-in', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sends a visitor to the sign-in form, refuses a wrong password, and signs gerente in', async () => {
    const context = await browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(consoleUrl('products'));

    await page.waitForURL(/\/oauth2\/authorize/);
    await look(page, '00-sign-in');
    await signInForm(page, 'gerente', 'errada');
    await page.getByRole('alert').filter({ hasText: 'Usuário ou senha incorretos.' }).waitFor();

    await page.getByLabel('Senha').fill('local-gerente-password');
    await page.getByRole('button', { name: 'Entrar' }).click();
    // Back at the screen the visitor asked for, with no code left in the address.
    await page.waitForURL((url) => url.pathname === '/console/products' && url.search === '');
    await page.getByText('Usuário: gerente').waitFor();
    await page.getByRole('heading', { name: 'Produtos', level: 1 }).waitFor();
    await context.close();
  });

  it('keeps every screen at its address across a reload, token in memory only', async () => {
    const page = await signedIn(browser, 'gerente', 'reports');
    for (const [path, heading] of [
      ['', 'Início'],
      ['products', 'Produtos'],
      ['prices', 'Preços'],
      ['orders', 'Pedidos'],
      ['reports', 'Relatórios de vendas'],
    ] as const) {
      await page.goto(consoleUrl(path));
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.reload();
      // The issuer's session signs the reload in again without the form.
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/console/${path}`);
    }
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toMatch(/eyJ/);
    await page.context().close();
  });

  it('signs out: the session ends here and at the issuer', async () => {
    const page = await signedIn(browser, 'gerente');
    await page.getByRole('button', { name: 'Sair' }).click();

    await page.getByRole('heading', { name: 'Você saiu' }).waitFor();
    await look(page, '01-signed-out');
    await page.getByRole('button', { name: 'Entrar' }).click();
    // No silent sign-in after a logout: the form again.
    await page.waitForURL(/\/oauth2\/authorize/);
    await page.getByLabel('Usuário').waitFor();
    await page.context().close();
  });

  it("offers caixa only the screens of caixa's scopes", async () => {
    const page = await signedIn(browser, 'caixa');
    const nav = page.getByRole('navigation', { name: 'Telas' });

    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Início',
      'Produtos',
      'Preços',
      'Pedidos',
    ]);
    await page.goto(consoleUrl('reports'));
    await page.getByRole('heading', { name: 'Sem acesso' }).waitFor();
    await settled(page);
    await page.context().close();
  });
});
