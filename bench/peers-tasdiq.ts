import { Wallet } from "ethers";
import { assembleCredential, draftCredential, newCredentialId, sealBatch, verifyCredential } from "../core";
import type { Credential, Fragment, Hex32 } from "../core";
import { keccakReady } from "../core/crypto/keccak";
import { COUNT, ISSUER, SUBJECTS, report, timed } from "./peers/dataset";

/**
 * Tasdiq building one batch of every certificate of the dataset (drafts salted and hashed, the Merkle
 * tree with every proof, the signed root, the finished credentials), or verifying offline: FORMAT,
 * INTEGRITY, MERKLE_PROOF and the recovery of the batch signature; anchoring, accreditation and
 * revocation need a chain and are not run, as for the peers.
 * - verify-uncached: the certificates in batches of UNCACHED_BATCH, one verified per batch, so every
 *   verification recovers a signature it has not seen;
 * - verify-cached: every certificate of one batch, its signature recovered once.
 * Lives outside bench/peers/ so that `ethers` is the project's, not the peers' older copy.
 * Usage: peers-tasdiq.ts build|verify-uncached|verify-cached
 */
const [operation] = process.argv.slice(2);
const UNCACHED_BATCH = 10;
const signer = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const context = {
  chainId: 31337,
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  universityId: ISSUER.universityId,
  signer,
};
const validFrom = new Date("2026-07-01T09:00:00Z");
const offline = {
  trustedDeployments: [],
  chainReader: () => {
    throw new Error("offline");
  },
};

async function issueBatch(from: number, to: number): Promise<Credential[]> {
  const drafts = SUBJECTS.slice(from, to).map((subject) =>
    draftCredential({ subject, credentialId: newCredentialId(), validFrom }, ISSUER),
  );
  const batch = await sealBatch(
    drafts.map((draft) => draft.documentHash),
    context,
  );
  return drafts.map((draft, i) => assembleCredential(draft, batch, batch.proofs[i] as Hex32[], context));
}

/** Every offline check found the credential sound: only the chain's checks are left undecided. */
function assertSound(fragments: Fragment[]): void {
  const status = Object.fromEntries(fragments.map((f) => [f.name, f.reason.code]));
  if (
    status.FORMAT !== "FORMAT_OK" ||
    status.INTEGRITY !== "INTEGRITY_OK" ||
    status.MERKLE_PROOF !== "MERKLE_OK" ||
    // Skipped only for want of a chain: the recovered signer is the stated one.
    status.ISSUER_SIGNATURE !== "SKIPPED_NOT_ANCHORED"
  )
    throw new Error(`not verified: ${JSON.stringify(status)}`);
}

async function verifyEach(credentials: readonly Credential[]): Promise<void> {
  for (const credential of credentials) assertSound(await verifyCredential(credential, offline));
}

async function main(): Promise<void> {
  if (operation === "build") {
    report(
      await timed(async () => {
        // The WebAssembly Keccak compiles asynchronously; drafting is synchronous, so wait for it (counted).
        await keccakReady;
        await issueBatch(0, COUNT);
      }),
    );
  } else if (operation === "verify-uncached") {
    const firstOfEach: Credential[] = [];
    for (let from = 0; from < COUNT; from += UNCACHED_BATCH) {
      firstOfEach.push((await issueBatch(from, from + UNCACHED_BATCH))[0] as Credential);
    }
    report(await timed(() => verifyEach(firstOfEach), firstOfEach.length));
  } else {
    const credentials = await issueBatch(0, COUNT);
    report(await timed(() => verifyEach(credentials)));
  }
}

void main();
