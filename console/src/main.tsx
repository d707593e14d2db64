import { type ComponentChild, render } from 'preact';
import { loadCapabilities, setApiUrl } from './api.ts';
import { App } from './app.tsx';
import { completeSignIn, configure, justSignedOut, signIn } from './auth.ts';
import { loadConfig } from './config.ts';
import './styles.css';

const root = document.getElementById('app')!;
// The "loading" placeholder of index.html goes before the first render (render keeps what it finds).
const show = (node: ComponentChild) => {
  if (root.querySelector('.boot')) root.textContent = '';
  render(node, root);
};

/** A page of its own before the app: signed out, or the sign-in failed. */
function Landing(props: { title: string; message: string }) {
  return (
    <main id="main" class="centered">
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <button type="button" class="primary" onClick={() => void signIn(import.meta.env.BASE_URL)}>
        Entrar
      </button>
    </main>
  );
}

async function start(): Promise<void> {
  const config = await loadConfig();
  configure(config);
  setApiUrl(config.apiUrl);
  const [outcome] = await Promise.all([completeSignIn(), loadCapabilities()]);
  if (outcome.kind === 'signed-in') {
    show(<App />);
  } else if (outcome.kind === 'failed') {
    show(<Landing title="Não foi possível entrar" message={outcome.message} />);
  } else if (justSignedOut()) {
    document.title = 'Você saiu — Console da loja';
    show(<Landing title="Você saiu" message="Sua sessão foi encerrada." />);
  } else {
    await signIn();
  }
}

start().catch((error: unknown) => {
  show(
    <Landing
      title="O console não pôde abrir"
      message={error instanceof Error ? error.message : String(error)}
    />,
  );
});
