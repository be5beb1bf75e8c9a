import { createApp } from "../../server/app";
import type { AppContext } from "../../server/context";

/**
 * Every route of the app's routers mounted at /api, as OpenAPI spells them (`/api/certificates/{id}`),
 * read from Express's router so that no new route escapes the tests that must cover them all.
 */
export function apiRoutes(context: AppContext): { method: string; path: string }[] {
  const app: any = createApp(context);
  return app.router.stack
    .filter((layer: any) => layer.handle.stack && !layer.match("/") && layer.match("/api"))
    .flatMap((layer: any) => layer.handle.stack.filter((inner: any) => inner.route))
    .flatMap((inner: any) =>
      (Array.isArray(inner.route.path) ? inner.route.path : [inner.route.path]).flatMap((route: string) =>
        Object.keys(inner.route.methods).map((method) => ({ method, path: `/api${route.replace(/:(\w+)/g, "{$1}")}` })),
      ),
    );
}
