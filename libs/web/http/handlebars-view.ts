import type { TemplateRegistry } from '../templates/template-registry';
import { cabinetMenu, CabinetMenuKey } from './cabinet-menu';

/**
 * Express `view` class: `res.render('identity/login', model)` renders the named template from the
 * registry inside the layout. The base model (locale, csrfToken, flash, menu) comes from `res.locals`.
 */
export function handlebarsViewClass(registry: TemplateRegistry) {
  return class HandlebarsView {
    readonly path: string;

    constructor(readonly name: string) {
      this.path = name; // express treats a truthy path as "found"
      if (!registry.has(name)) this.path = '';
    }

    render(options: Record<string, unknown>, callback: (error: Error | null, html?: string) => void): void {
      try {
        const model: Record<string, unknown> = {
          title: '',
          languages: [],
          layout: 'web/layouts/main',
          ...options,
        };
        model.cabinetMenu = model.activeMenu !== undefined ? cabinetMenu(model.activeMenu as CabinetMenuKey) : null;
        callback(null, registry.render(this.name, model));
      } catch (error) {
        callback(error as Error);
      }
    }
  };
}
