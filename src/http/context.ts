import type { HttpBindings } from '@hono/node-server';

/** Hono's environment for every route: the Node request and response behind the context. */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
}
