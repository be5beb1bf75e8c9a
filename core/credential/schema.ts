import { z } from "zod";
import { Address } from "../deployment";

/** A 32-byte value as lowercase or uppercase hex with the 0x prefix. */
export const Hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x followed by 64 hex digits");
export type Hex32 = z.infer<typeof Hex32>;

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const TASDIQ_CONTEXT = "https://tasdiq.org/credentials/v1";
export const CREDENTIAL_TYPE = "TasdiqAcademicCredential";
export const PROOF_TYPE = "TasdiqBatchProof2026";

/** A credential id: 8 random bytes as 16 lowercase hex digits. */
export const CredentialId = z.string().regex(/^[0-9a-f]{16}$/, "expected 16 lowercase hex digits");
export type CredentialId = z.infer<typeof CredentialId>;

const text = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `at most ${max} characters`)
    .refine((value) => value.trim() === value, "no leading or trailing spaces");

export const LocalizedText = z.strictObject({ ar: text(300), en: text(300), fr: text(300) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const DEGREES = ["diploma", "bachelor", "higherDiploma", "master", "doctorate"] as const;
export const Degree = z.enum(DEGREES);
export type Degree = z.infer<typeof Degree>;

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
  .refine((value) => !Number.isNaN(Date.parse(value)), "not a real date and time");

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
  graduationDate: CalendarDate,
  /** Grade or GPA as the university writes it ("جيد جدًا", "3.85/4.00", "16.5/20", "Très bien"). */
  grade: text(100),
  honours: text(200).optional(),
});
export type CredentialSubject = z.infer<typeof CredentialSubject>;

export const SUBJECT_FIELDS = Object.keys(CredentialSubject.shape) as (keyof CredentialSubject)[];
export const REQUIRED_SUBJECT_FIELDS = SUBJECT_FIELDS.filter(
  (field) => !CredentialSubject.shape[field].safeParse(undefined).success,
);

export const Issuer = z.strictObject({
  id: z.string().regex(/^urn:tasdiq:university:\d+$/, "expected urn:tasdiq:university:<id>"),
  /** The university's short id in the IssuerRegistry. */
  universityId: z.number().int().min(1).max(0xffffffff),
  /** The university's operator account, which anchors its batches. */
  address: Address,
  country: z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code"),
  name: LocalizedText,
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
  registry: Address,
  /** Salt of every disclosed field, by path. */
  salts: z.partialRecord(FieldPath, Hex32),
  /** Field hash of every field the holder hid, by path. */
  hidden: z.partialRecord(HideableFieldPath, Hex32),
  documentHash: Hex32,
  root: Hex32,
  merkleProof: z.array(Hex32).max(32),
  /** Number of certificates in the batch, as signed and anchored. */
  batchCount: z.number().int().min(1).max(0xffffffff),
  signer: Address,
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "expected a 65-byte hex signature"),
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

/** A credential before its batch is sealed: every field disclosed, no proof yet. */
export const UnsignedCredential = z.strictObject({ ...credentialBody, credentialSubject: CredentialSubject });
export type UnsignedCredential = z.infer<typeof UnsignedCredential>;

/**
 * A Tasdiq credential as a holder presents it: a W3C Verifiable Credential 2.0 document whose subject
 * fields may be partly hidden (their hashes then stand in `proof.hidden`).
 */
export const Credential = z.strictObject({
  ...credentialBody,
  credentialSubject: CredentialSubject.partial(),
  proof: BatchProof,
});
export type Credential = z.infer<typeof Credential>;

/** JSON Schema (draft 2020-12) of the credential, generated from the zod schema. */
export function credentialJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Credential, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}
