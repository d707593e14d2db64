import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findClient } from '#local/auth/clients.ts';
import { log } from '#local/log.ts';

/** A small Brazilian grocery catalogue, so a fresh `npm start` has something to sell. Prices in centavos. */
const demoProducts = [
  { productId: 'cafe-pilao-500g', sku: '7896089011234', name: 'Café Pilão 500g', amount: 1899 },
  { productId: 'arroz-tio-joao-5kg', sku: '7893500020110', name: 'Arroz Tio João 5kg', amount: 2790 },
  {
    productId: 'feijao-carioca-camil-1kg',
    sku: '7896006711117',
    name: 'Feijão Carioca Camil 1kg',
    amount: 899,
  },
  { productId: 'acucar-uniao-1kg', sku: '7891910000197', name: 'Açúcar União 1kg', amount: 549 },
  { productId: 'oleo-soja-liza-900ml', sku: '7896036090244', name: 'Óleo de Soja Liza 900ml', amount: 799 },
  {
    productId: 'leite-integral-italac-1l',
    sku: '7898080640611',
    name: 'Leite Integral Italac 1L',
    amount: 549,
  },
  { productId: 'sabao-po-omo-1-6kg', sku: '7891150064413', name: 'Sabão em Pó OMO 1,6kg', amount: 2490 },
  {
    productId: 'macarrao-renata-500g',
    sku: '7896022204020',
    name: 'Macarrão Espaguete Renata 500g',
    amount: 479,
  },
  {
    productId: 'farinha-dona-benta-1kg',
    sku: '7896005800027',
    name: 'Farinha de Trigo Dona Benta 1kg',
    amount: 599,
  },
  { productId: 'guarana-antarctica-2l', sku: '7891991000833', name: 'Guaraná Antarctica 2L', amount: 899 },
  {
    productId: 'papel-higienico-neve-12',
    sku: '7891172422710',
    name: 'Papel Higiênico Neve 12 rolos',
    amount: 2190,
  },
  {
    productId: 'detergente-ype-500ml',
    sku: '7896098900208',
    name: 'Detergente Ypê Neutro 500ml',
    amount: 259,
    // Close to its reorder point: a few orders of it open a reorder, and the buyer gets the alert.
    quantity: 15,
  },
] as const;

/** Stock of a demo product that names none. */
const DEMO_QUANTITY = 100;

const MARKER = '.demo-data-loaded';

async function request(baseUrl: string, token: string, method: string, path: string, body: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function adminToken(baseUrl: string): Promise<string> {
  const admin = findClient('admin')!;
  const response = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=inventory/write pricing/write',
  });
  if (!response.ok) throw new Error(`the local issuer refused the admin client (${response.status})`);
  const { access_token } = (await response.json()) as { access_token: string };
  return access_token;
}

/**
 * Loads the demo catalogue through the public API, as a user would, on the first start of a data
 * directory. A failure (a handler still being written, say) is a warning, and the next start tries again.
 */
export async function loadDemoData(options: {
  baseUrl: string;
  dataDir: string;
  currency: string;
}): Promise<void> {
  const marker = join(options.dataDir, MARKER);
  if (existsSync(marker)) return;
  const token = await adminToken(options.baseUrl);
  const failures: string[] = [];
  await Promise.all(
    demoProducts.map(async ({ amount, ...product }) => {
      const created = await request(options.baseUrl, token, 'POST', '/inventory/products', {
        ...product,
        quantity: 'quantity' in product ? product.quantity : DEMO_QUANTITY,
        reorderPoint: 10,
        reorderQuantity: 50,
      });
      // 409: it exists already, from a start that loaded part of the catalogue.
      if (created !== 201 && created !== 409) failures.push(`POST /inventory/products → ${created}`);
      const priced = await request(options.baseUrl, token, 'PUT', `/prices/products/${product.productId}`, {
        amount,
        currency: options.currency,
      });
      if (priced !== 200) failures.push(`PUT /prices/products/{productId} → ${priced}`);
    }),
  );
  if (failures.length > 0) {
    log.warn(`demo data not loaded (${[...new Set(failures)].join(', ')}); the next start tries again`);
    return;
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log.info(`demo data loaded: ${demoProducts.length} products with stock and prices`);
}
