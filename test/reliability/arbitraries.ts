import fc from "fast-check";

type Json = unknown;
type Path = (string | number)[];

/** Every path inside a JSON value (not the root itself), parents before children. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

type Edit = "replace" | "delete" | "add";

/** A copy of `value` with the node at `path` replaced or deleted, or a key added beside it. */
function edit(value: Json, path: Path, kind: Edit, replacement: Json, newKey: string): Json {
  const copy = structuredClone(value) as Record<string | number, Json>;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, Json>>((node, key) => node[key] as Record<string | number, Json>, copy);
  const key = path[path.length - 1] as string | number;
  if (kind === "replace") parent[key] = replacement;
  else if (kind === "delete" && Array.isArray(parent)) parent.splice(key as number, 1);
  else if (kind === "delete") Reflect.deleteProperty(parent, key);
  else if (Array.isArray(parent)) parent.push(replacement);
  else parent[newKey] = replacement;
  return copy;
}

/** Odd values of every JSON type: wrong types, empty and huge strings, deep nesting, look-alikes. */
export const oddJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<Json>(
    null,
    true,
    0,
    -1,
    1e308,
    -0,
    2 ** 53,
    "",
    " ",
    "0x",
    "\u0000",
    "\u202e",
    "<script>",
    "'; DROP TABLE certificates; --",
    [],
    {},
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 1, max: 2000 }).map((n) => "x".repeat(n * 50)),
  fc.integer({ min: 1, max: 3000 }).map((depth) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as Json),
);

/**
 * `example` with one node replaced by an odd value, deleted, or given an unknown sibling: inputs that
 * get past the first checks and exercise the deeper ones.
 */
export function nearly(example: Json): fc.Arbitrary<Json> {
  const paths = pathsOf(example);
  if (paths.length === 0) return oddJson;
  return fc
    .tuple(
      fc.constantFrom(...paths),
      fc.constantFrom<Edit>("replace", "replace", "delete", "add"),
      oddJson,
      fc.string({ maxLength: 12 }),
    )
    .map(([path, kind, replacement, newKey]) => edit(example, path, kind, replacement, newKey));
}

/** Header values as fetch can send them: printable Latin-1, sometimes long. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.integer({ min: 1, max: 40 }).map((n) => "k".repeat(n * 50)),
);

/** Any text, including unpaired surrogates, controls and right-to-left marks. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
);
