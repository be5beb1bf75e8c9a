import { Wallet } from "ethers";
import {
  assembleCredential,
  buildBatchTree,
  draftCredential,
  newCredentialId,
  recoverBatchSigner,
  sealBatch,
  verifyCredential,
} from "../core";
import type { Credential, CredentialSubject, Hex32 } from "../core";
import { fixtureGraduates } from "../test/helpers/graduates";

/**
 * Core throughput on one core (this process): credentials built and hashed per second, a 10,000-leaf
 * batch tree with all proofs, and offline verifications per second (every check that needs no chain:
 * FORMAT, INTEGRITY, MERKLE_PROOF, the signature recovery of ISSUER_SIGNATURE, NOT_EXPIRED).
 * Run: npm run bench:core
 */
const issuer = {
  universityId: 7,
  operator: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  country: "MA",
  name: { ar: "جامعة محمد الخامس بالرباط", en: "Mohammed V University in Rabat", fr: "Université Mohammed V de Rabat" },
};
const graduates = fixtureGraduates();

function subject(i: number): CredentialSubject {
  const base = graduates[i % graduates.length] as CredentialSubject;
  return { ...base, identifier: `MA-${String(i).padStart(8, "0")}` };
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

async function timedAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

function row(
  what: string,
  value: string,
  target: string,
  pass: boolean,
): { what: string; value: string; target: string; result: string } {
  return { what, value, target, result: pass ? "PASS" : "FAIL" };
}

async function main(): Promise<void> {
  const N = 10_000;
  const validFrom = new Date("2026-07-01T09:00:00Z");
  const [drafts, draftMs] = timed(() =>
    Array.from({ length: N }, (_, i) =>
      draftCredential({ subject: subject(i), credentialId: newCredentialId(), validFrom }, issuer),
    ),
  );
  const buildRate = N / (draftMs / 1000);

  const hashes = drafts.map((d) => d.documentHash);
  const [, treeMs] = timed(() => buildBatchTree(hashes));

  const signer = Wallet.createRandom();
  const context = {
    chainId: 31337,
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    universityId: issuer.universityId,
    signer,
  };
  const batch = await sealBatch(hashes, context);
  const credentials: Credential[] = drafts.map((d, i) =>
    assembleCredential(d, batch, batch.proofs[i] as Hex32[], context),
  );

  const offline = {
    trustedDeployments: [],
    chainReader: () => {
      throw new Error("offline");
    },
  };
  const V = 4_000;
  const [, verifyMs] = await timedAsync(async () => {
    for (let i = 0; i < V; i++) await verifyCredential(credentials[i], offline);
  });
  const verifyRate = V / (verifyMs / 1000);

  const R = 300;
  const [, recoverMs] = timed(() => {
    for (let i = 0; i < R; i++)
      recoverBatchSigner(
        { ...context, root: hashes[i] as Hex32, count: N, issuer: issuer.universityId },
        batch.signature,
      );
  });

  console.table([
    row("credentials built and hashed", `${buildRate.toFixed(0)} /s`, "≥ 5,000 /s", buildRate >= 5000),
    row("10,000-leaf tree with all proofs", `${treeMs.toFixed(0)} ms`, "< 1,000 ms", treeMs < 1000),
    row("offline verifications (one batch)", `${verifyRate.toFixed(0)} /s`, "≥ 2,000 /s", verifyRate >= 2000),
    row("signature recoveries, uncached", `${(R / (recoverMs / 1000)).toFixed(0)} /s`, "(information)", true),
  ]);
  console.log(
    `node ${process.version}, one process, ${N} credentials with ${graduates.length} fixture graduates cycled`,
  );
}

void main();
