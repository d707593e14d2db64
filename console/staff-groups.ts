import { allScopes, type Scope } from '#lib/catalogue/index.ts';

/**
 * The console's staff groups and the scopes each gives (API.md, Authentication): in AWS the Cognito
 * user pool's groups, whose members' tokens a pre-token-generation trigger cuts down to these; locally
 * the issuer's staff (local/auth/staff.ts). One table, so the two cannot drift apart.
 */
export interface StaffGroup {
  group: string;
  description: string;
  scopes: readonly Scope[];
}

export const staffGroups: readonly StaffGroup[] = [
  {
    group: 'gerente',
    description: 'Gerente: estoque, preços, pedidos, devoluções e relatórios',
    scopes: allScopes,
  },
  {
    group: 'caixa',
    description: 'Caixa: vende e consulta pedidos, estoque e preços',
    scopes: ['sales/read', 'sales/write', 'inventory/read', 'pricing/read'],
  },
];

export const scopesOfGroup = (group: string): readonly Scope[] =>
  staffGroups.find((g) => g.group === group)?.scopes ?? [];
