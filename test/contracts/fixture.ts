import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, Result } from "ethers";
import { deployRegistries } from "../../scripts/lib/registries";
import type { CertificateRegistry, IssuerRegistry } from "../../typechain-types";

export interface Names {
  ar: string;
  en: string;
  fr: string;
}

export interface Ministry {
  /** ISO 3166-1 alpha-2 code as the contracts take it (bytes2). */
  country: string;
  account: HardhatEthersSigner;
  names: Names;
}

/** A university's public data before accreditation. */
export interface UniversityProfile {
  country: string;
  operator: HardhatEthersSigner;
  names: Names;
  url: string;
}

export interface University extends UniversityProfile {
  id: number;
  /** A signer key added with an open window when the world was built. */
  signer: string;
}

export interface World {
  issuerRegistry: IssuerRegistry;
  certificateRegistry: CertificateRegistry;
  authority: HardhatEthersSigner;
  jordan: Ministry;
  egypt: Ministry;
  /** Accredited by Jordan: ids 1 and 2. */
  universityOfJordan: University;
  yarmouk: University;
  /** Accredited by Egypt: id 3. */
  cairo: University;
  /** An Egyptian university not accredited yet. */
  alexandria: UniversityProfile;
  /** Signer keys nobody has registered. */
  freshKeys: string[];
  /** An account with no role. */
  random: HardhatEthersSigner;
  /** Another account with no role, for a new authority or a new ministry. */
  spare: HardhatEthersSigner;
}

/** A two-letter code as bytes2. */
export function countryCode(code: string): string {
  return ethers.hexlify(ethers.toUtf8Bytes(code));
}

// Rows of test/fixtures/countries.tsv and universities.tsv.
export const COUNTRY_NAMES: Record<"JO" | "EG" | "TN", Names> = {
  JO: { ar: "الأردن", en: "Jordan", fr: "Jordanie" },
  EG: { ar: "مصر", en: "Egypt", fr: "Égypte" },
  /** A country without a ministry in the world. */
  TN: { ar: "تونس", en: "Tunisia", fr: "Tunisie" },
};
const UNIVERSITY_NAMES: Record<string, Names> = {
  universityOfJordan: { ar: "الجامعة الأردنية", en: "The University of Jordan", fr: "Université de Jordanie" },
  yarmouk: { ar: "جامعة اليرموك", en: "Yarmouk University", fr: "Université de Yarmouk" },
  cairo: { ar: "جامعة القاهرة", en: "Cairo University", fr: "Université du Caire" },
  alexandria: { ar: "جامعة الإسكندرية", en: "Alexandria University", fr: "Université d'Alexandrie" },
};

function profile(key: string, code: string, operator: HardhatEthersSigner): UniversityProfile {
  return {
    country: countryCode(code),
    operator,
    names: UNIVERSITY_NAMES[key]!,
    url: `https://certificates.${key}.example`,
  };
}

async function registerMinistry(
  registry: IssuerRegistry,
  code: keyof typeof COUNTRY_NAMES,
  account: HardhatEthersSigner,
): Promise<Ministry> {
  const ministry = { country: countryCode(code), account, names: COUNTRY_NAMES[code] };
  await registry.registerMinistry(ministry.country, account.address, ministry.names);
  return ministry;
}

/** Accredits `candidate` as `ministry` and returns its new id. */
async function accredit(registry: IssuerRegistry, ministry: Ministry, candidate: UniversityProfile): Promise<number> {
  const byMinistry = registry.connect(ministry.account);
  const id = await byMinistry.accreditUniversity.staticCall(candidate.operator.address, candidate.names, candidate.url);
  await byMinistry.accreditUniversity(candidate.operator.address, candidate.names, candidate.url);
  return Number(id);
}

async function accreditWithSigner(
  registry: IssuerRegistry,
  ministry: Ministry,
  candidate: UniversityProfile,
  signer: string,
): Promise<University> {
  const id = await accredit(registry, ministry, candidate);
  await registry.connect(candidate.operator).addSigner(signer, 0, 0);
  return { ...candidate, id, signer };
}

async function deployWorld(): Promise<World> {
  const [
    authority,
    jordanAccount,
    egyptAccount,
    ujOperator,
    yarmoukOperator,
    cairoOperator,
    alexandriaOperator,
    ...rest
  ] = await ethers.getSigners();
  const [ujKey, yarmoukKey, cairoKey, random, spare, ...keys] = rest;
  const { issuerRegistry, certificateRegistry } = await deployRegistries(authority!);
  const jordan = await registerMinistry(issuerRegistry, "JO", jordanAccount!);
  const egypt = await registerMinistry(issuerRegistry, "EG", egyptAccount!);
  return {
    issuerRegistry,
    certificateRegistry,
    authority: authority!,
    jordan,
    egypt,
    universityOfJordan: await accreditWithSigner(
      issuerRegistry,
      jordan,
      profile("universityOfJordan", "JO", ujOperator!),
      ujKey!.address,
    ),
    yarmouk: await accreditWithSigner(
      issuerRegistry,
      jordan,
      profile("yarmouk", "JO", yarmoukOperator!),
      yarmoukKey!.address,
    ),
    cairo: await accreditWithSigner(issuerRegistry, egypt, profile("cairo", "EG", cairoOperator!), cairoKey!.address),
    alexandria: profile("alexandria", "EG", alexandriaOperator!),
    freshKeys: keys.slice(0, 3).map((key) => key.address),
    random: random!,
    spare: spare!,
  };
}

/** The world every contract test starts from: both registries, two ministries, three universities. */
export function world(): Promise<World> {
  return loadFixture(deployWorld);
}

/** A names tuple as events and errors carry it. */
export function namesTuple(names: Names): [string, string, string] {
  return [names.ar, names.en, names.fr];
}

/** A struct returned by a view, as a plain object for deep comparison. */
export function plain(struct: object): Record<string, unknown> {
  return (struct as Result).toObject(true);
}

/** An interval history as `[from, until]` pairs of numbers. */
export function spans(history: readonly { from: bigint; until: bigint }[]): [number, number][] {
  return history.map((interval) => [Number(interval.from), Number(interval.until)]);
}

/**
 * Fixes the timestamp of the next block a little ahead of the last one and returns it, so a test can
 * name the time of a transaction before sending it (the wall clock may have moved on since the fixture).
 */
export async function nextBlockAt(): Promise<number> {
  const at = (await time.latest()) + 10;
  await time.setNextBlockTimestamp(at);
  return at;
}

/** Sends a transaction in a block with timestamp `at`. */
export async function sendAt(at: number, send: () => Promise<ContractTransactionResponse>): Promise<void> {
  await time.setNextBlockTimestamp(at);
  await (await send()).wait();
}

/**
 * Sends the transactions, in order, into one single block and returns its timestamp: the same-block
 * edge cases of interval histories. Each must succeed.
 */
export async function inOneBlock(...sends: (() => Promise<ContractTransactionResponse>)[]): Promise<number> {
  await network.provider.send("evm_setAutomine", [false]);
  try {
    const sent: ContractTransactionResponse[] = [];
    for (const send of sends) sent.push(await send());
    await network.provider.send("evm_mine");
    const receipts = await Promise.all(sent.map((tx) => tx.wait()));
    if (new Set(receipts.map((receipt) => receipt?.blockNumber)).size !== 1) throw new Error("not mined in one block");
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  return time.latest();
}

/** Suspends `university` as the ministry of its country. */
export async function suspend(w: World, university: University): Promise<void> {
  const ministry = university.country === w.jordan.country ? w.jordan : w.egypt;
  await (await w.issuerRegistry.connect(ministry.account).suspendUniversity(university.id, "audit")).wait();
}

/** Removes the ministry of Jordan, as the authority. */
export async function removeJordan(w: World): Promise<void> {
  await (await w.issuerRegistry.removeMinistry(w.jordan.country)).wait();
}
