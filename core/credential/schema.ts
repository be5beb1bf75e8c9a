import { getAddress, isAddress } from "ethers";
import { z } from "zod";

/** A 32-byte value as lowercase hex with the 0x prefix: one spelling per value. */
export const Hex32 = z.string().regex(/^0x[0-9a-f]{64}$/, "expected 0x followed by 64 lowercase hex digits");
export type Hex32 = z.infer<typeof Hex32>;

const checksumForms = new Map<string, string | null>();
const CHECKSUM_CACHE_SIZE = 1024;

/**
 * `address` in its EIP-55 checksum form, or null when it is no address (or a mixed-case spelling with
 * a wrong checksum). The few addresses of a deployment (registry, operators, signer keys) recur in
 * every credential, so answers are cached (bounded): each costs a keccak otherwise.
 */
export function checksumAddress(address: string): string | null {
  let form = checksumForms.get(address);
  if (form === undefined) {
    form = isAddress(address) ? getAddress(address) : null;
    if (checksumForms.size >= CHECKSUM_CACHE_SIZE) checksumForms.delete(checksumForms.keys().next().value as string);
    checksumForms.set(address, form);
  }
  return form;
}

/** An EVM address in its EIP-55 mixed-case checksum form, the one spelling credentials use. */
export const ChecksumAddress = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte hex address")
  .refine((value) => checksumAddress(value) === value, "expected the EIP-55 checksummed form of the address");

/** Half the order of secp256k1: a signature's `s` above it is the malleable twin of a valid one. */
const SECP256K1_HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * A 65-byte signature `r ‖ s ‖ v` in lowercase hex, in its one canonical form: `s` in the lower half
 * of the curve order (EIP-2) and `v` 27 or 28 (0x1b, 0x1c).
 */
export const Signature = z
  .string()
  .regex(/^0x[0-9a-f]{130}$/, "expected a 65-byte signature as lowercase hex")
  .refine((value) => value.endsWith("1b") || value.endsWith("1c"), "expected v to be 27 or 28 (0x1b or 0x1c)")
  // Refinements run even after the pattern failed: each must take any string without throwing.
  .refine(
    (value) => !/^0x[0-9a-f]{130}$/.test(value) || BigInt(`0x${value.slice(66, 130)}`) <= SECP256K1_HALF_ORDER,
    "expected a low-s signature (EIP-2)",
  );

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const TASDIQ_CONTEXT = "https://tasdiq.org/credentials/v1";
export const CREDENTIAL_TYPE = "TasdiqAcademicCredential";
export const PROOF_TYPE = "TasdiqBatchProof2026";

/** A credential id: 8 random bytes as 16 lowercase hex digits. */
export const CredentialId = z.string().regex(/^[0-9a-f]{16}$/, "expected 16 lowercase hex digits");
export type CredentialId = z.infer<typeof CredentialId>;

/**
 * Characters no free text may hold: controls (Cc), invisible format characters such as bidi overrides
 * and zero-width marks (Cf), private use (Co), lone surrogates (Cs, not valid Unicode: RFC 7493),
 * line and paragraph separators, and noncharacters. Each can make printed text say something other
 * than the hashed text, or make two verifiers read one string differently.
 */
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]/u;

/** The first forbidden character of `value` as `U+XXXX`, for error messages. */
export function forbiddenCharacter(value: string): string | undefined {
  const found = FORBIDDEN_CHARACTER.exec(value)?.[0];
  return found === undefined
    ? undefined
    : `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

const text = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `at most ${max} characters`)
    .refine((value) => value.trim() === value, "no leading or trailing spaces")
    .superRefine((value, context) => {
      const character = forbiddenCharacter(value);
      if (character)
        context.addIssue({ code: "custom", message: `contains the invisible or control character ${character}` });
      else if (value.normalize("NFC") !== value)
        context.addIssue({ code: "custom", message: "not in Unicode normalization form C (NFC)" });
    });

export const LocalizedText = z.strictObject({ ar: text(300), en: text(300), fr: text(300) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const DEGREES = ["diploma", "bachelor", "higherDiploma", "master", "doctorate"] as const;
export const Degree = z.enum(DEGREES);
export type Degree = z.infer<typeof Degree>;

/** The earliest graduation date a credential may state. */
export const EARLIEST_GRADUATION_DATE = "1900-01-01";

/** `date` as an {@link Instant}: UTC, to the second. */
export function instantOf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "not a real calendar date");

/** An instant in UTC, `YYYY-MM-DDTHH:MM:SSZ` (VC 2.0 dateTimeStamp, second precision). */
export const Instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "expected a UTC time as YYYY-MM-DDTHH:MM:SSZ")
  .refine((value) => {
    const date = new Date(value);
    return !Number.isNaN(date.getTime()) && instantOf(date) === value;
  }, "not a real date and time");

const ARABIC_NAME = /^(?=.*\p{Script=Arabic})[\p{Script=Arabic}\p{M}\p{Zs}\-'’.()]+$/u;
const LATIN_NAME = /^(?=.*\p{Script=Latin})[\p{Script=Latin}\p{M}\p{Zs}\-'’.()]+$/u;

/** What the registrar states about the graduate. Every field is hashed and can be hidden on its own. */
export const CredentialSubject = z.strictObject({
  nameAr: text(200).regex(ARABIC_NAME, "must be written in Arabic script"),
  nameLatin: text(200).regex(LATIN_NAME, "must be written in Latin script"),
  /** National identity number or student number, as printed by the university. */
  identifier: text(64).regex(/^[\p{L}\p{N}][\p{L}\p{N}\-/. ]*$/u, "letters, digits, - / . and spaces only"),
  degree: Degree,
  programme: LocalizedText,
  graduationDate: CalendarDate.refine(
    (value) => value >= EARLIEST_GRADUATION_DATE,
    `not before ${EARLIEST_GRADUATION_DATE}`,
  ),
  /** Grade or GPA as the university writes it ("جيد جدًا", "3.85/4.00", "16.5/20", "Très bien"). */
  grade: text(100),
  honours: text(200).optional(),
});
export type CredentialSubject = z.infer<typeof CredentialSubject>;

export const SUBJECT_FIELDS = Object.keys(CredentialSubject.shape) as (keyof CredentialSubject)[];
export const REQUIRED_SUBJECT_FIELDS = SUBJECT_FIELDS.filter(
  (field) => !CredentialSubject.shape[field].safeParse(undefined).success,
);

export const Issuer = z
  .strictObject({
    id: z.string().regex(/^urn:tasdiq:university:[1-9]\d*$/, "expected urn:tasdiq:university:<id>"),
    /** The university's short id in the IssuerRegistry. */
    universityId: z.number().int().min(1).max(0xffffffff),
    /** The university's operator account, which anchors its batches. */
    address: ChecksumAddress,
    country: z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code"),
    name: LocalizedText,
  })
  .refine((issuer) => issuer.id === `urn:tasdiq:university:${issuer.universityId}`, {
    path: ["id"],
    message: "must name the same university as universityId",
  });
export type Issuer = z.infer<typeof Issuer>;

/** A hashed field of the credential, named by its path. */
export const FIELD_PATHS = [
  "@context",
  "type",
  "id",
  "issuer",
  "validFrom",
  "validUntil",
  ...SUBJECT_FIELDS.map((field) => `credentialSubject.${field}` as const),
] as const;
export type FieldPath = (typeof FIELD_PATHS)[number];
export const FieldPath = z.enum(FIELD_PATHS);
/** Only what describes the graduate can be hidden: the rest is needed to verify. */
export const HideableFieldPath = z.enum(FIELD_PATHS.filter((path) => path.startsWith("credentialSubject.")));
export type HideableFieldPath = z.infer<typeof HideableFieldPath>;

export const BatchProof = z.strictObject({
  type: z.literal(PROOF_TYPE),
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The CertificateRegistry the root is anchored in; a verifier only accepts it from its trusted list. */
  registry: ChecksumAddress,
  /** Salt of every disclosed field, by path. */
  salts: z.partialRecord(FieldPath, Hex32),
  /** Field hash of every field the holder hid, by path. */
  hidden: z.partialRecord(HideableFieldPath, Hex32),
  documentHash: Hex32,
  root: Hex32,
  merkleProof: z.array(Hex32).max(32),
  /** Number of certificates in the batch, as signed and anchored. */
  batchCount: z.number().int().min(1).max(0xffffffff),
  signer: ChecksumAddress,
  signature: Signature,
});
export type BatchProof = z.infer<typeof BatchProof>;

const credentialBody = {
  "@context": z.tuple([z.literal(VC_CONTEXT), z.literal(TASDIQ_CONTEXT)]),
  type: z.tuple([z.literal("VerifiableCredential"), z.literal(CREDENTIAL_TYPE)]),
  id: z.string().regex(/^urn:tasdiq:credential:[0-9a-f]{16}$/, "expected urn:tasdiq:credential:<16 hex digits>"),
  issuer: Issuer,
  validFrom: Instant,
  validUntil: Instant.optional(),
};

/** A credential's dates: `validFrom` is the moment of issuance, `validUntil` the end of validity. */
export interface CredentialDates {
  graduationDate?: string;
  validFrom: string;
  validUntil?: string;
}

/**
 * Dates out of order: a graduation after the day of issuance, or a validity that ends at or before
 * its start. At issuance `validFrom` is the present, so these refuse a graduation in the future and a
 * validity already over; in verification they hold for ever.
 */
export function datesOutOfOrder({
  graduationDate,
  validFrom,
  validUntil,
}: CredentialDates): ("graduationDate" | "validUntil")[] {
  const fields: ("graduationDate" | "validUntil")[] = [];
  if (graduationDate !== undefined && graduationDate > validFrom.slice(0, 10)) fields.push("graduationDate");
  if (validUntil !== undefined && validUntil <= validFrom) fields.push("validUntil");
  return fields;
}

export const DATE_ORDER_MESSAGES = {
  graduationDate: "after the date of issuance: a graduation cannot be in the future",
  validUntil: "not after the date of issuance: the validity would already be over",
} as const;

function datesInOrder(
  credential: { validFrom: string; validUntil?: string; credentialSubject: { graduationDate?: string } },
  context: z.core.$RefinementCtx,
): void {
  const { graduationDate } = credential.credentialSubject ?? {};
  // Reached also when other fields failed: compare only what has the expected types.
  if (
    typeof credential.validFrom !== "string" ||
    ![graduationDate, credential.validUntil].every((d) => d === undefined || typeof d === "string")
  )
    return;
  for (const field of datesOutOfOrder({ ...credential, graduationDate })) {
    const path = field === "graduationDate" ? ["credentialSubject", field] : [field];
    context.addIssue({ code: "custom", path, message: DATE_ORDER_MESSAGES[field] });
  }
}

/** A credential before its batch is sealed: every field disclosed, no proof yet. */
export const UnsignedCredential = z
  .strictObject({ ...credentialBody, credentialSubject: CredentialSubject })
  .superRefine(datesInOrder);
export type UnsignedCredential = z.infer<typeof UnsignedCredential>;

/**
 * A Tasdiq credential as a holder presents it: a W3C Verifiable Credential 2.0 document whose subject
 * fields may be partly hidden (their hashes then stand in `proof.hidden`).
 */
export const Credential = z
  .strictObject({
    ...credentialBody,
    credentialSubject: CredentialSubject.partial(),
    proof: BatchProof,
  })
  .superRefine(datesInOrder);
export type Credential = z.infer<typeof Credential>;

/** JSON Schema (draft 2020-12) of the credential, generated from the zod schema. */
export function credentialJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Credential, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}
