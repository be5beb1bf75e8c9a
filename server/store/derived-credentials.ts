import type { Database } from "../db/database";
import type { CertificateState } from "./states";

/** What the holder routes need to know of a certificate: whose it is, its state, its QR secret. */
export interface HeldCertificate {
  universityId: number;
  status: CertificateState;
  secret: Buffer;
  revokedAt: number | null;
}

export interface NewDerivedCredential {
  id: string;
  certificateId: string;
  universityId: number;
  /** The envelope as JSON, stored and served as sent. */
  envelope: string;
  at: number;
}

/**
 * Credentials holders derived from their certificates (`derived_credentials`): ciphertext made in the
 * holder's browser, kept under its own id and served like a certificate's stored credential.
 */
export function derivedCredentialStore(db: Database) {
  const statements = {
    held: db.prepare(
      `SELECT university_id AS universityId, status, secret, revoked_at AS revokedAt FROM certificates WHERE id = ?`,
    ),
    countOf: db.prepare("SELECT COUNT(*) FROM derived_credentials WHERE certificate_id = ?").pluck(),
    idTaken: db
      .prepare(
        "SELECT EXISTS (SELECT 1 FROM certificates WHERE id = ?) OR EXISTS (SELECT 1 FROM derived_credentials WHERE id = ?)",
      )
      .pluck(),
    insert: db.prepare(
      "INSERT INTO derived_credentials (id, certificate_id, university_id, envelope, created_at) VALUES (?, ?, ?, ?, ?)",
    ),
    published: db.prepare("SELECT envelope FROM derived_credentials WHERE id = ?").pluck(),
    envelope: db.prepare("SELECT envelope FROM derived_credentials WHERE id = ? AND university_id = ?").pluck(),
  };
  return {
    /** The certificate a holder asks about, undefined when there is none. */
    held: (certificateId: string) => statements.held.get(certificateId) as HeldCertificate | undefined,
    /** How many derived credentials the certificate has. */
    countOf: (certificateId: string) => statements.countOf.get(certificateId) as number,
    /** Whether `id` already names a certificate or a derived credential. */
    idTaken: (id: string) => statements.idTaken.get(id, id) === 1,
    insert(d: NewDerivedCredential): void {
      statements.insert.run(d.id, d.certificateId, d.universityId, d.envelope, d.at);
    },
    /** The stored envelope (JSON, sent as it is) of a derived credential, for the public route. */
    published: (id: string) => statements.published.get(id) as string | undefined,
    /** The stored envelope of a derived credential of the university, for `POST /api/verify`. */
    envelope: (universityId: number, id: string) => statements.envelope.get(id, universityId) as string | undefined,
  };
}
