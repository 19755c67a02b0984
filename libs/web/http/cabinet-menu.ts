/** The cabinet menu of SPEC §1.4, in the manual's order. `key` is what a page passes as `activeMenu`. */
export const CABINET_MENU = [
  { key: 'personal', href: '/cabinet', label: 'web.menu.personal' },
  { key: 'readings', href: '/cabinet/readings', label: 'web.menu.readings' },
  { key: 'settlements', href: '/cabinet/settlements', label: 'web.menu.settlements' },
  { key: 'charges', href: '/cabinet/charges', label: 'web.menu.charges' },
  { key: 'reconciliation', href: '/cabinet/reconciliation', label: 'web.menu.reconciliation' },
  { key: 'email', href: '/cabinet/email', label: 'web.menu.email' },
  { key: 'password', href: '/cabinet/password', label: 'web.menu.password' },
  { key: 'subscription', href: '/cabinet/subscription', label: 'web.menu.subscription' },
  { key: 'logout', href: '/logout', label: 'web.menu.logout', post: true },
] as const;

export type CabinetMenuKey = (typeof CABINET_MENU)[number]['key'];

export function cabinetMenu(active: CabinetMenuKey | undefined) {
  return CABINET_MENU.map((item) => ({
    href: item.href,
    label: item.label,
    post: 'post' in item ? item.post : false,
    active: item.key === active,
  }));
}
