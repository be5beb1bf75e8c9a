import canonicalize from "canonicalize";
import { bytesToHex } from "../crypto/hex";
import { keccak256Hex } from "../crypto/keccak";
import { webCryptoRandom } from "../crypto/random";
import type { RandomBytes } from "../crypto/random";
import type { Credential, FieldPath, Hex32, HideableFieldPath, UnsignedCredential } from "./schema";
import { FIELD_PATHS, HideableFieldPath as HideablePathSchema } from "./schema";

/** A JSON value as it appears in a credential. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Every string in `value` in Unicode Normalization Form C. Arabic can be typed in several equivalent
 * code point sequences (a hamza as a combining mark or precomposed, diacritics in different orders);
 * normalising before hashing makes all of them hash the same, so a name re-typed from the paper matches.
 */
export function normalizeText<T extends JsonValue>(value: T): T {
  if (typeof value === "string") return value.normalize("NFC") as T;
  if (Array.isArray(value)) return value.map((item) => normalizeText(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalizeText(item)])) as T;
  }
  return value;
}

/** RFC 8785 (JCS) canonical JSON text. */
export function canonicalJson(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no canonical JSON form");
  return text;
}

/** keccak256 of the UTF-8 bytes of the canonical form of `[path, salt, value]`, value NFC-normalised. */
export function fieldHash(path: FieldPath, salt: Hex32, value: JsonValue): Hex32 {
  return keccak256Hex(canonicalJson([path, salt.toLowerCase(), normalizeText(value)]));
}

/**
 * keccak256 of the canonical form of the object `{path: fieldHash}`. Keying each hash by its path
 * (JCS sorts the keys) binds it to its field, so a hidden hash cannot be passed off as another field.
 */
export function documentHash(fieldHashes: Partial<Record<FieldPath, Hex32>>): Hex32 {
  const lowered = Object.fromEntries(Object.entries(fieldHashes).map(([path, hash]) => [path, hash.toLowerCase()]));
  return keccak256Hex(canonicalJson(lowered));
}

/** The value of field `path` in `credential`, undefined when absent (or hidden). */
export function fieldValue(credential: UnsignedCredential | Credential, path: FieldPath): JsonValue | undefined {
  if (path.startsWith("credentialSubject.")) {
    const field = path.slice("credentialSubject.".length) as keyof Credential["credentialSubject"];
    return credential.credentialSubject[field] as JsonValue | undefined;
  }
  return credential[path as keyof typeof credential] as JsonValue | undefined;
}

/** The paths of the fields present in `credential`, in canonical order. */
export function presentFields(credential: UnsignedCredential | Credential): FieldPath[] {
  return FIELD_PATHS.filter((path) => fieldValue(credential, path) !== undefined);
}

/** 32 random bytes per present field, from `random` (WebCrypto by default). */
export function newSalts(
  credential: UnsignedCredential,
  random: RandomBytes = webCryptoRandom,
): Partial<Record<FieldPath, Hex32>> {
  const paths = presentFields(credential);
  return Object.fromEntries(paths.map((path) => [path, bytesToHex(random(32)) as Hex32]));
}

/** The hashes of all fields of a credential: disclosed ones recomputed, hidden ones as given. */
export function fieldHashes(
  credential: UnsignedCredential | Credential,
  salts: Partial<Record<FieldPath, Hex32>>,
  hidden: Partial<Record<HideableFieldPath, Hex32>> = {},
): Partial<Record<FieldPath, Hex32>> {
  const hashes: Partial<Record<FieldPath, Hex32>> = { ...hidden };
  for (const path of presentFields(credential)) {
    const salt = salts[path];
    if (salt === undefined) throw new RangeError(`field ${path} has no salt`);
    hashes[path] = fieldHash(path, salt, fieldValue(credential, path) as JsonValue);
  }
  return hashes;
}

/**
 * The same credential with the given subject fields hidden: each value and its salt are removed and
 * the field's hash is kept in `proof.hidden`, so the document hash, and so the proof, still verify.
 */
export function hideFields(credential: Credential, paths: readonly HideableFieldPath[]): Credential {
  const toHide = new Set(
    paths.map((path) => HideablePathSchema.parse(path)).filter((path) => fieldValue(credential, path) !== undefined),
  );
  const hidden = { ...credential.proof.hidden };
  for (const path of toHide) {
    const salt = credential.proof.salts[path];
    if (salt !== undefined) hidden[path] = fieldHash(path, salt, fieldValue(credential, path) as JsonValue);
  }
  const keep = ([key]: [string, unknown]): boolean => !toHide.has(key as HideableFieldPath);
  const subject = Object.fromEntries(
    Object.entries(credential.credentialSubject).filter(([field, value]) =>
      keep([`credentialSubject.${field}`, value]),
    ),
  );
  const salts = Object.fromEntries(Object.entries(credential.proof.salts).filter(keep));
  return { ...credential, credentialSubject: subject, proof: { ...credential.proof, salts, hidden } };
}
