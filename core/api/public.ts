import { z } from "zod";
import { CredentialId, HideableFieldPath } from "../credential/schema";
import { EncryptedCredential } from "../crypto/envelope";
import { REASON_MESSAGES } from "../verify/messages";
import { CHECK_NAMES } from "../verify/types";
import { Messages } from "./common";

/** `GET /api/health`: the figures are counted at most once a second. */
export const Health = z.object({
  status: z.literal("ok"),
  chainId: z.number().int(),
  certificatesInProgress: z.number().int(),
  chainTransactionsInProgress: z.number().int(),
});
export type Health = z.infer<typeof Health>;

export const StoredCredential = z.object({ id: z.string(), encrypted: EncryptedCredential });

/** The largest derived credential's ciphertext a server keeps (base64url characters; a credential is about 4 KB). */
export const DERIVED_CIPHERTEXT_MAX_CHARS = 16 * 1024;

const HolderProof = z
  .string()
  .regex(/^0x[0-9a-f]{64}$/, "expected 0x and 64 lowercase hex digits")
  .meta({
    description:
      "HMAC-SHA-256 of the request under a key derived from the certificate's QR secret (core's holderProof)",
  });

/** A holder's request to store the credential with fields hidden, encrypted under a new id and secret. */
export const DerivedCredentialRequest = z
  .strictObject({
    id: CredentialId.meta({ description: "The new link's credential id, chosen by the holder (16 hex digits)" }),
    encrypted: EncryptedCredential,
    proof: HolderProof,
  })
  .meta({ id: "DerivedCredentialRequest" });
export type DerivedCredentialRequest = z.infer<typeof DerivedCredentialRequest>;

export const DerivedCredential = z
  .object({
    id: z.string().meta({ description: "Where the derived credential is served: /api/public/credentials/{id}" }),
    remaining: z.number().int().meta({ description: "Derived credentials the certificate may still have" }),
  })
  .meta({ id: "DerivedCredential" });
export type DerivedCredential = z.infer<typeof DerivedCredential>;

/** A holder's request for the certificate's PDF; `at` keeps a seen proof from being replayed for long. */
export const HolderPdfRequest = z
  .strictObject({
    at: z.number().int().nonnegative().meta({ description: "The holder's clock, UNIX seconds" }),
    proof: HolderProof,
  })
  .meta({ id: "HolderPdfRequest" });
export type HolderPdfRequest = z.infer<typeof HolderPdfRequest>;

const ReasonCode = z.enum(Object.keys(REASON_MESSAGES) as [keyof typeof REASON_MESSAGES]);

/** One named check of a verification, with its stable code and message. */
const CheckOutcome = z
  .object({
    name: z.enum(CHECK_NAMES),
    status: z.enum(["VALID", "INVALID", "SKIPPED", "ERROR"]),
    reason: z.object({ code: ReasonCode, message: Messages }),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "CheckOutcome" });

const Interval = z.object({ from: z.number().int(), until: z.number().int() });

/** The issuing university as the registry records it, with its standing today. */
const IssuerRecord = z
  .object({
    university: z.object({
      id: z.number().int(),
      country: z.string(),
      operator: z.string(),
      names: Messages,
      url: z.string(),
      accredited: z.boolean(),
    }),
    ministry: z.object({ account: z.string(), names: Messages }).optional(),
    accreditation: z.array(Interval).meta({ description: "Oldest first; the last is open while accredited" }),
    accreditedSince: z.number().int().optional(),
    suspendedSince: z.number().int().optional(),
  })
  .meta({ id: "IssuerRecord" });

export const VerificationAnswer = z
  .object({
    verdict: z.enum(["VALID", "INVALID", "REVOKED", "CANNOT_CHECK"]),
    checks: z.array(CheckOutcome),
    issuer: IssuerRecord.nullable().meta({ description: "Null when no check reached the registry's record" }),
    credential: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: "The document, echoed only when its verdict is VALID or REVOKED" }),
    hidden: z.array(HideableFieldPath).nullable().meta({
      description:
        "The subject fields the holder hid (their hashes are in the credential's proof.hidden), in the format's order; null when the credential is not echoed",
    }),
    source: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("university"), url: z.string().nullable() }),
        z.object({
          kind: z.literal("mirror"),
          url: z.string(),
          publisher: z.string(),
          country: z
            .string()
            .nullable()
            .meta({ description: "The publishing ministry's country; null: the authority" }),
        }),
      ])
      .nullable()
      .meta({
        description:
          "Where a linked credential was found: its university's server (url null when this server hosts it) or a mirror the registry lists; null for a credential given as JSON",
      }),
  })
  .meta({ id: "Verification" });
export type VerificationAnswer = z.infer<typeof VerificationAnswer>;
