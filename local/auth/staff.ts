import { scopesOfGroup } from '#console/staff-groups.ts';
import type { Scope } from '#lib/catalogue/index.ts';
import { sameSecret } from './oauth.ts';

/**
 * The local staff of API.md (Authentication): people who sign in to the console. Each is in one group,
 * as in the Cognito user pool, and the group decides the scopes of their tokens (console/staff-groups.ts).
 */
export interface StaffMember {
  username: string;
  password: string;
  group: string;
  scopes: readonly Scope[];
}

/** Well-known passwords: this issuer only ever runs on a developer's machine. */
export const localStaff: readonly StaffMember[] = [
  {
    username: 'gerente',
    password: 'local-gerente-password',
    group: 'gerente',
    scopes: scopesOfGroup('gerente'),
  },
  { username: 'caixa', password: 'local-caixa-password', group: 'caixa', scopes: scopesOfGroup('caixa') },
];

/** The member with that name and password; every name and password is compared in constant time. */
export function checkPassword(username: string, password: string): StaffMember | undefined {
  let found: StaffMember | undefined;
  for (const member of localStaff) {
    const nameMatches = sameSecret(username, member.username);
    const passwordMatches = sameSecret(password, member.password);
    if (nameMatches && passwordMatches) found = member;
  }
  return found;
}
