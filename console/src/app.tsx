import { useEffect, useState } from 'preact/hooks';
import { can, currentSession, onSessionChange, signIn, signOut } from './auth.ts';
import { Link } from './components/ui.tsx';
import { useLocation } from './router.ts';
import { Home } from './screens/home.tsx';
import { OrderPage } from './screens/order.tsx';
import { Orders } from './screens/orders.tsx';
import { Prices } from './screens/prices.tsx';
import { ProductPage } from './screens/product.tsx';
import { Products } from './screens/products.tsx';
import { Reports } from './screens/reports.tsx';

/** The screens, each at its own address, and the scope a person needs to be offered it. */
const menu = [
  { to: '', label: 'Início', scope: undefined },
  { to: 'products', label: 'Produtos', scope: 'inventory/read' },
  { to: 'prices', label: 'Preços', scope: 'pricing/read' },
  { to: 'orders', label: 'Pedidos', scope: 'sales/read' },
  { to: 'reports', label: 'Relatórios', scope: 'sales/report' },
] as const;

function useSession() {
  const [session, setSession] = useState(currentSession);
  useEffect(() => onSessionChange(() => setSession(currentSession())), []);
  return session;
}

function Screen(props: { path: string; query: URLSearchParams }) {
  const [section = '', id] = props.path.split('/');
  const entry = menu.find((item) => item.to === section);
  if (
    !entry ||
    props.path.split('/').length > 2 ||
    (id !== undefined && section !== 'products' && section !== 'orders')
  ) {
    return <NotFound />;
  }
  if (entry.scope && !can(entry.scope)) {
    return (
      <section>
        <h1>Sem acesso</h1>
        <p>Seu usuário não tem acesso a esta tela ({entry.label}).</p>
      </section>
    );
  }
  switch (section) {
    case 'products':
      return id ? <ProductPage productId={id} /> : <Products query={props.query} />;
    case 'prices':
      return <Prices query={props.query} />;
    case 'orders':
      return id ? <OrderPage orderId={id} /> : <Orders query={props.query} />;
    case 'reports':
      return <Reports query={props.query} />;
    default:
      return <Home />;
  }
}

const NotFound = () => (
  <section>
    <h1>Página não encontrada</h1>
    <p>
      Este endereço não é uma tela do console. <Link to="">Voltar ao início</Link>
    </p>
  </section>
);

export function App() {
  const location = useLocation();
  const session = useSession();
  if (!session) return <SessionEnded />;
  const section = location.path.split('/')[0] ?? '';
  return (
    <>
      <a class="skip" href="#main">
        Pular para o conteúdo
      </a>
      <header class="top">
        <span class="brand">Console da loja</span>
        <nav aria-label="Telas">
          <ul>
            {menu
              .filter((item) => !item.scope || can(item.scope))
              .map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={section === item.to ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <span class="user">
          <span>
            Usuário: <strong>{session.username}</strong>
          </span>
          <button type="button" onClick={signOut}>
            Sair
          </button>
        </span>
      </header>
      <main id="main">
        <Screen path={location.path} query={location.query} />
      </main>
    </>
  );
}

/** After an expiry or a refused token: the work on screen is gone with the token, so sign in again. */
function SessionEnded() {
  return (
    <main id="main" class="centered">
      <h1>Sessão encerrada</h1>
      <p>Sua sessão expirou. Entre de novo para continuar.</p>
      <button type="button" class="primary" onClick={() => void signIn()}>
        Entrar
      </button>
    </main>
  );
}
