import type { Scope } from "./tokens";

/**
 * The scope an API token needs for each request under /api, the first rule matching. A request no
 * rule names needs a signed-in person: a route added later is closed to API tokens until listed here.
 * Case-insensitive, as Express's routing is.
 */
const RULES: readonly { method: RegExp; path: RegExp; scope: Scope }[] = [
  { method: /^(GET|HEAD|POST)$/, path: /^\/keys(\/rotate)?\/?$/i, scope: "keys" },
  { method: /^POST$/, path: /^\/(certificates|certificates\/[^/]+|batches\/[^/]+)\/revoke\/?$/i, scope: "revoke" },
  { method: /^POST$/, path: /^\/(certificates|certificates\/bulk|batches\/[^/]+\/reseal)\/?$/i, scope: "issue" },
  { method: /^(GET|HEAD)$/, path: /^\/(?!(tokens|staff)(\/|$))/i, scope: "read" },
];

export function scopeNeeded(method: string, path: string): Scope | undefined {
  return RULES.find((rule) => rule.method.test(method) && rule.path.test(path))?.scope;
}
