import { base32crockford, base64urlnopad } from "@scure/base";
import { VerificationCodeError } from "../errors";
import type { CredentialId } from "../credential/schema";

/** What a QR code or a typed code points at: enough to fetch, decrypt and verify one credential. */
export interface CredentialLocator {
  /** Absent in typed codes: the verifier then uses its own (first) trusted deployment. */
  chainId?: number;
  universityId: number;
  credentialId: CredentialId;
  /** 16 random bytes from which the credential's encryption key is derived. */
  secret: Uint8Array;
}

const FORMAT_VERSION = 1;
const CREDENTIAL_ID_BYTES = 8;
const SECRET_BYTES = 16;
/** Crockford's check symbols: the 32 digits and five more, for values mod 37. */
const CHECK_SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
const GROUP = 4;

function fail(code: string, message: string): never {
  throw new VerificationCodeError(code, message);
}

/** Unsigned LEB128, for numbers up to 2^53. */
function writeVarint(value: number, out: number[]): void {
  if (!Number.isSafeInteger(value) || value < 0) fail("CODE_BAD_NUMBER", `cannot encode ${value}`);
  do {
    const low = value % 128;
    value = Math.floor(value / 128);
    out.push(value > 0 ? low | 0x80 : low);
  } while (value > 0);
}

function readVarint(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  for (let shift = 1, i = offset; i < bytes.length && i < offset + 8; i++, shift *= 128) {
    const byte = bytes[i] as number;
    value += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  return fail("CODE_MALFORMED", "truncated number in code");
}

function packTail(locator: CredentialLocator, out: number[]): void {
  if (!/^[0-9a-f]{16}$/.test(locator.credentialId))
    fail("CODE_BAD_CREDENTIAL_ID", "credential id must be 16 hex digits");
  if (locator.secret.length !== SECRET_BYTES) fail("CODE_BAD_SECRET", `secret must be ${SECRET_BYTES} bytes`);
  writeVarint(locator.universityId, out);
  for (let i = 0; i < CREDENTIAL_ID_BYTES; i++) out.push(parseInt(locator.credentialId.slice(2 * i, 2 * i + 2), 16));
  out.push(...locator.secret);
}

function unpackTail(bytes: Uint8Array, offset: number): Omit<CredentialLocator, "chainId"> {
  const [universityId, at] = readVarint(bytes, offset);
  if (universityId < 1 || universityId > 0xffffffff) fail("CODE_MALFORMED", "university id out of range");
  if (bytes.length - at !== CREDENTIAL_ID_BYTES + SECRET_BYTES) fail("CODE_MALFORMED", "code has the wrong length");
  const credentialId = Array.from(bytes.subarray(at, at + CREDENTIAL_ID_BYTES), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  return { universityId, credentialId, secret: bytes.slice(at + CREDENTIAL_ID_BYTES) };
}

/** The verifier URL put in the QR code: `<verifier>/v#<version, chain id, university, credential, secret>`. */
export function encodeVerifierUrl(verifierBase: string, locator: CredentialLocator & { chainId: number }): string {
  const out: number[] = [FORMAT_VERSION];
  writeVarint(locator.chainId, out);
  packTail(locator, out);
  return `${verifierBase.replace(/\/+$/, "")}/v#${base64urlnopad.encode(Uint8Array.from(out))}`;
}

/** Reads a verifier URL (or its bare fragment). Throws {@link VerificationCodeError} when malformed. */
export function decodeVerifierUrl(url: string): CredentialLocator & { chainId: number } {
  const fragment = url.includes("#") ? url.slice(url.indexOf("#") + 1) : url;
  let bytes: Uint8Array;
  try {
    bytes = base64urlnopad.decode(fragment.trim());
  } catch (cause) {
    throw new VerificationCodeError("CODE_MALFORMED", "not a Tasdiq verification link", { cause });
  }
  if (bytes[0] !== FORMAT_VERSION) fail("CODE_UNKNOWN_VERSION", "unknown verification link version");
  const [chainId, at] = readVarint(bytes, 1);
  if (chainId < 1) fail("CODE_MALFORMED", "chain id out of range");
  return { chainId, ...unpackTail(bytes, at) };
}

function checkSymbol(symbols: string): string {
  let value = 0n;
  for (const symbol of symbols) value = value * 32n + BigInt(CHECK_SYMBOLS.indexOf(symbol));
  return CHECK_SYMBOLS[Number(value % 37n)] as string;
}

/**
 * The short code printed under the QR: university id, credential id and secret in Crockford base32,
 * with Crockford's mod-37 check symbol (catches any single wrong symbol and any swap of two
 * neighbours), in groups of four.
 */
export function encodeShortCode(locator: Omit<CredentialLocator, "chainId">): string {
  const out: number[] = [];
  packTail({ ...locator }, out);
  const symbols = base32crockford.encode(Uint8Array.from(out));
  const withCheck = symbols + checkSymbol(symbols);
  return withCheck.match(new RegExp(`.{1,${GROUP}}`, "g"))?.join("-") ?? withCheck;
}

/**
 * Reads a typed short code: case, spaces and hyphens do not matter, and O/I/L are read as 0/1/1
 * as Crockford's alphabet prescribes. A wrong check symbol throws instead of pointing elsewhere.
 */
export function decodeShortCode(code: string): Omit<CredentialLocator, "chainId"> {
  const cleaned = code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (cleaned.length < 2) fail("CODE_MALFORMED", "code too short");
  const symbols = cleaned.slice(0, -1);
  if (!/^[0-9A-HJKMNP-TV-Z]+$/.test(symbols)) fail("CODE_MALFORMED", "code contains characters outside the alphabet");
  if (checkSymbol(symbols) !== cleaned.slice(-1)) fail("CODE_CHECK_FAILED", "the code has a typing mistake");
  let bytes: Uint8Array;
  try {
    bytes = base32crockford.decode(symbols);
  } catch (cause) {
    throw new VerificationCodeError("CODE_MALFORMED", "not a Tasdiq verification code", { cause });
  }
  return unpackTail(bytes, 0);
}
