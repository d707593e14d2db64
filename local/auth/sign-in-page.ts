import { createHash } from 'node:crypto';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2430;margin:0}
main{max-width:22rem;margin:10vh auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #767676;border-radius:.3rem}
button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:.3rem;cursor:pointer}
p[role=alert]{color:#a30000;background:#fde8e8;padding:.5rem;border-radius:.3rem}small{color:#4a5260}`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/**
 * The page's own style (by its hash) and nothing else; the form posts back to this origin, and its
 * redirect goes to the console's origin, which `form-action` must name too (Chromium checks redirects).
 */
export const pageHeaders = (formTargets: readonly string[] = []): Record<string, string> => ({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it Chromium sends `Origin: null` on the form's POST, which the origin check refuses.
  'referrer-policy': 'same-origin',
});

const page = (title: string, content: string): string => `<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${content}</main></body>
</html>
`;

/** The local stand-in for Cognito's managed login: two fields and one button. */
export function signInPage(options: { requestId: string; error?: string; username?: string }): string {
  const alert = options.error ? `<p role="alert">${escapeHtml(options.error)}</p>` : '';
  return page(
    'Entrar — Console da loja',
    `<h1>Entrar no console da loja</h1>${alert}
<form method="post" action="/oauth2/authorize">
<input type="hidden" name="request" value="${escapeHtml(options.requestId)}">
<label for="username">Usuário</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">
<label for="password">Senha</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Entrar</button>
</form>
<p><small>Ambiente local: usuários <code>gerente</code> e <code>caixa</code> (senhas no README).</small></p>`,
  );
}

/** A request that cannot be sent back to its client (RFC 6749 §4.1.2.1: never redirect then). */
export const errorPage = (message: string): string =>
  page(
    'Não foi possível entrar',
    `<h1>Não foi possível entrar</h1><p role="alert">${escapeHtml(message)}</p>`,
  );
