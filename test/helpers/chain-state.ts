import { COUNTRIES } from "../../core";
import type { ChainState } from "../../core";
import type { TestChain } from "./chain";

const countryBytes = (code: string): string => `0x${Buffer.from(code, "ascii").toString("hex")}`;
const intervals = (raw: readonly { from: bigint; until: bigint }[]) =>
  raw.map((i) => ({ from: Number(i.from), until: Number(i.until) }));

/**
 * Everything the verification reads from a test chain's registries, written down as a {@link ChainState}:
 * read once from the node, it lets the same checks run on the JSON and be compared with the node's answers.
 */
export async function readChainState(chain: TestChain): Promise<ChainState> {
  const { issuerRegistry: issuers, certificateRegistry: certificates } = chain;
  const ministries = [];
  for (const country of Object.keys(COUNTRIES)) {
    const registered = intervals(await issuers.ministryHistory(countryBytes(country)));
    if (registered.length === 0) continue;
    const { account, names } = await issuers.ministry(countryBytes(country));
    ministries.push({ country, account, names: { ar: names.ar, en: names.en, fr: names.fr }, registered });
  }
  const universities = [];
  for (let id = 1; id <= Number(await issuers.universityCount()); id++) {
    const u = await issuers.university(id);
    const signers = [];
    for (const key of await issuers.signers(id)) {
      const window = await issuers.signerKey(id, key);
      signers.push({ key, validFrom: Number(window.validFrom), validUntil: Number(window.validUntil) });
    }
    universities.push({
      id,
      country: Buffer.from(u.country.slice(2), "hex").toString("ascii"),
      operator: u.operator,
      names: { ar: u.names.ar, en: u.names.en, fr: u.names.fr },
      url: u.url,
      accreditation: intervals(await issuers.accreditationHistory(id)),
      signers,
    });
  }
  const from = chain.deployment.deploymentBlock;
  const revoked = await certificates.queryFilter(certificates.filters.Revoked(), from);
  const batches = [];
  for (const log of await certificates.queryFilter(certificates.filters.Anchored(), from)) {
    const issuer = Number(log.args.issuer);
    const root = log.args.root;
    const batch = await certificates.batch(issuer, root);
    batches.push({
      issuer,
      root,
      count: Number(batch.count),
      anchoredAt: Number(batch.anchoredAt),
      revokedAt: Number(batch.revokedAt),
      reason: Number(batch.reason),
      revokedLeaves: await Promise.all(
        revoked
          .filter((r) => Number(r.args.issuer) === issuer && r.args.root === root)
          .map(async (r) => {
            const status = await certificates.status(issuer, root, r.args.leaf);
            return { leaf: r.args.leaf, revokedAt: Number(status.leafRevokedAt), reason: Number(status.leafReason) };
          }),
      ),
      transaction: { blockNumber: log.blockNumber, transactionHash: log.transactionHash },
    });
  }
  return {
    chainId: chain.deployment.chainId,
    issuerRegistry: chain.deployment.issuerRegistry,
    certificateRegistry: chain.deployment.certificateRegistry,
    ministries,
    universities,
    batches,
  };
}
