import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet, encryptKeystoreJson, parseEther } from "ethers";
import type { Signer } from "ethers";
import { COUNTRIES, CredentialSubject, createEthersChainReader } from "../../core";
import type { CountryCode, Deployment } from "../../core";
import { issueCertificates, revokeCertificates } from "../../server/certificates/service";
import type { AppContext } from "../../server/context";
import type { Database } from "../../server/db/database";
import { saveKeystore } from "../../server/keys/keystore";
import { createLogger } from "../../server/logger";
import { createMetrics } from "../../server/metrics";
import { createStaff } from "../../server/staff/service";
import { hostUniversityFromChain } from "../../server/universities";
import { IssuerRegistry__factory } from "../../typechain-types";
import demoGraduates from "../demo/graduates.json";
import demoUniversities from "../demo/universities.json";

/** Public development mnemonic of local Hardhat nodes; demo accounts only. */
const DEMO_MNEMONIC = Mnemonic.fromPhrase("test test test test test test test test test test test junk");
export const DEMO_STAFF_PASSWORD = "tasdiq-demo-2026";
/** Demo keystores are encrypted with fewer scrypt rounds so that a restart stays quick. */
const DEMO_SCRYPT_N = 1 << 14;
const CERTIFICATES_PER_UNIVERSITY = 3;

export interface DemoLogin {
  university: string;
  email: string;
  role: string;
}

function demoWallet(index: number): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(DEMO_MNEMONIC, `m/44'/60'/0'/0/${index}`);
}

/** "Cairo University" → "cairo-university", for demo email addresses. */
function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/^the /, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/(^-|-$)/g, "");
}

function ministryNames(code: CountryCode): { ar: string; en: string; fr: string } {
  const country = COUNTRIES[code];
  return {
    ar: `وزارة التعليم العالي — ${country.ar}`,
    en: `Ministry of Higher Education — ${country.en}`,
    fr: `Ministère de l'Enseignement supérieur — ${country.fr}`,
  };
}

/** Where the demo writes the keystore of a country's ministry, for the ministry dashboard's file input. */
export function ministryKeystorePath(keystoreDir: string, code: CountryCode): string {
  return path.join(keystoreDir, `ministry-${code}.json`);
}

/** A ministry signs in the browser, so its key is handed to it as a keystore file like a real ministry's would be. */
async function saveMinistryKeystore(
  keystoreDir: string,
  code: CountryCode,
  ministry: HDNodeWallet,
  password: string,
): Promise<void> {
  await mkdir(keystoreDir, { recursive: true, mode: 0o700 });
  const json = await encryptKeystoreJson({ address: ministry.address, privateKey: ministry.privateKey }, password, {
    scrypt: { N: DEMO_SCRYPT_N },
  });
  await writeFile(ministryKeystorePath(keystoreDir, code), json, { mode: 0o600 });
}

async function send(promise: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await promise).wait();
}

/**
 * Seeds the local demonstration: a ministry for each of the 22 member states (its key in a keystore
 * file for the dashboard), the demo universities accredited by their ministries (operator and signer
 * keys in encrypted keystores), staff logins, and a few certificates per university of which one is
 * revoked; the server's worker anchors them.
 * Does nothing when the database already hosts universities.
 */
export async function seedDemo(options: {
  provider: JsonRpcProvider;
  deployment: Deployment;
  db: Database;
  keystoreDir: string;
  keystorePassword: string;
  serverUrl: string;
  verifierUrl: string;
}): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  const { provider, deployment, db } = options;
  const staffRows = db
    .prepare(
      "SELECT u.name_en AS university, s.email, s.role FROM staff s JOIN universities u ON u.id = s.university_id ORDER BY s.id",
    )
    .all() as DemoLogin[];
  if (staffRows.length > 0) return { seeded: false, logins: staffRows };

  const authority = await provider.getSigner(0);
  const issuers = IssuerRegistry__factory.connect(deployment.issuerRegistry, authority);
  const fund = async (address: string): Promise<void> =>
    send(authority.sendTransaction({ to: address, value: parseEther("100") }));
  const connected = (wallet: HDNodeWallet): Signer => new Wallet(wallet.privateKey, provider);

  const codes = Object.keys(COUNTRIES) as CountryCode[];
  const ministries = new Map<string, Signer>();
  for (const [i, code] of codes.entries()) {
    const ministry = demoWallet(1000 + i);
    await fund(ministry.address);
    await send(
      issuers.registerMinistry(`0x${Buffer.from(code).toString("hex")}`, ministry.address, ministryNames(code)),
    );
    await saveMinistryKeystore(options.keystoreDir, code, ministry, options.keystorePassword);
    ministries.set(code, connected(ministry));
  }

  const now = new Date();
  const reader = createEthersChainReader(provider, deployment);
  const logins: DemoLogin[] = [];
  for (const [i, row] of demoUniversities.entries()) {
    const operator = demoWallet(2000 + i);
    await fund(operator.address);
    const ministry = ministries.get(row.country) as Signer;
    await send(
      issuers
        .connect(ministry)
        .accreditUniversity(operator.address, { ar: row.name_ar, en: row.name_en, fr: row.name_fr }, options.serverUrl),
    );
    const id = Number(await issuers.universityOf(operator.address));
    const signer = new Wallet(Wallet.createRandom().privateKey);
    await send(issuers.connect(connected(operator)).addSigner(signer.address, 0, 0));
    await saveKeystore(
      options.keystoreDir,
      id,
      "operator",
      new Wallet(operator.privateKey),
      options.keystorePassword,
      DEMO_SCRYPT_N,
    );
    await saveKeystore(options.keystoreDir, id, "signer", signer, options.keystorePassword, DEMO_SCRYPT_N);
    await hostUniversityFromChain(db, reader, id, now);
    for (const role of ["admin", "registrar", "approver"] as const) {
      const email = `${role}@${slug(row.name_en)}.demo`;
      await createStaff(
        db,
        { universityId: id, email, name: `${role} — ${row.name_en}`, role, password: DEMO_STAFF_PASSWORD },
        now,
      );
      logins.push({ university: row.name_en, email, role });
    }
    await issueDemoCertificates(db, deployment, options.verifierUrl, id, i);
  }
  return { seeded: true, logins };
}

async function issueDemoCertificates(
  db: Database,
  deployment: Deployment,
  verifierUrl: string,
  universityId: number,
  offset: number,
): Promise<void> {
  const context: AppContext = {
    db,
    deployment,
    logger: createLogger("silent"),
    clock: () => new Date(),
    metrics: createMetrics(db),
    verify: {
      trustedDeployments: [deployment],
      chainReader: () => {
        throw new Error("not used while seeding");
      },
    },
    config: {
      verifierUrl,
      publicRpcUrl: verifierUrl,
      webDist: null,
      approvalThreshold: null,
      maxUploadBytes: 0,
      maxBulkRows: 0,
      batchSize: 1000,
      loginAttemptsPerWindow: 10,
      loginFailuresPerAddress: 100,
    },
  };
  const registrar = db
    .prepare("SELECT id, email, name FROM staff WHERE university_id = ? AND role = 'registrar'")
    .get(universityId) as { id: number; email: string; name: string };
  const staff = { ...registrar, universityId, role: "registrar" as const, tokenId: 0 };
  const requests = Array.from({ length: CERTIFICATES_PER_UNIVERSITY }, (_, n) => {
    const g = demoGraduates[(offset + n) % demoGraduates.length] as Record<string, string>;
    const subject = CredentialSubject.parse({
      nameAr: g.name_ar,
      nameLatin: g.name_latin,
      identifier: `DEMO-${universityId}-${n + 1}`,
      degree: g.degree,
      programme: { ar: g.programme_ar, en: g.programme_en, fr: g.programme_fr },
      graduationDate: g.graduation_date,
      grade: g.grade,
    });
    return { subject };
  });
  const issued = await issueCertificates(context, staff, requests);
  const last = issued[issued.length - 1];
  if (last) await revokeCertificates(context, staff, [last.id], 1);
}
