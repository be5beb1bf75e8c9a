import { readFile } from "node:fs/promises";
import { Command, InvalidArgumentError } from "commander";
import { Contract, Wallet, getAddress, isAddress, isError } from "ethers";
import type { HDNodeWallet, JsonRpcProvider } from "ethers";
import { COUNTRIES, Deployment, ISSUER_REGISTRY_ABI, createEthersChainReader, isCountryCode } from "../../core";
import type { ChainReader, CountryCode, RegisteredUniversity } from "../../core";
import { chainProvider } from "../chain-provider";

/**
 * `npm run ministry -- …`: what a ministry does in its dashboard — accredit, suspend and reinstate
 * its country's universities — from the command line, signing with the ministry's keystore file.
 * As in the dashboard, every decision is taken on the registry's own record, read first: the account
 * must be a ministry, and the university must exist and be of that ministry's country.
 */

interface GlobalOptions {
  keystore: string;
  rpc: string;
  deployment: string;
}

interface Session {
  ministry: Wallet;
  country: CountryCode;
  registry: Contract;
  reader: ChainReader;
  provider: JsonRpcProvider;
}

const program = new Command()
  .name("ministry")
  .description(
    "a ministry's actions on the IssuerRegistry, signed with its keystore (password in TASDIQ_KEYSTORE_PASSWORD)",
  )
  .requiredOption("--keystore <file>", "the ministry's JSON keystore, e.g. .tasdiq/keystores/ministry-JO.json")
  .option("--rpc <url>", "chain RPC", process.env.TASDIQ_RPC_URL ?? "http://127.0.0.1:8545")
  .option("--deployment <file>", "deployment file", process.env.TASDIQ_DEPLOYMENT ?? "deployments/localhost.json");

/** bytes2 "0x4a4f" is the ASCII of "JO"; empty for none. */
const countryOf = (bytes: string): string =>
  String.fromCharCode(...(bytes.slice(2).match(/../g) ?? []).map((byte) => parseInt(byte, 16))).replace(/\0/g, "");

async function openKeystore(file: string): Promise<Wallet | HDNodeWallet> {
  const password = process.env.TASDIQ_KEYSTORE_PASSWORD;
  if (!password) throw new Error("set TASDIQ_KEYSTORE_PASSWORD to the keystore's password");
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch {
    throw new Error(`cannot read the keystore ${file}`);
  }
  try {
    return await Wallet.fromEncryptedJson(json, password);
  } catch (error) {
    if (error instanceof Error && /incorrect password/i.test(error.message))
      throw new Error(`wrong password for the keystore ${file}`);
    throw new Error(`${file} is not a JSON keystore`);
  }
}

/** Opens the keystore and finds, on chain, which country's ministry it is. */
async function session(options: GlobalOptions): Promise<Session> {
  const key = await openKeystore(options.keystore);
  const deployment = Deployment.parse(JSON.parse(await readFile(options.deployment, "utf8")));
  // Uncached: each command reads a record again right after changing it.
  const provider = chainProvider(options.rpc, deployment.chainId, { cache: false });
  const ministry = new Wallet(key.privateKey, provider);
  const registry = new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, ministry);
  const country = countryOf(await registry.getFunction("countryOfMinistry")(ministry.address));
  if (!isCountryCode(country)) {
    provider.destroy();
    throw new Error(`${ministry.address} is not a ministry in the IssuerRegistry ${deployment.issuerRegistry}`);
  }
  return { ministry, country, registry, reader: createEthersChainReader(provider, deployment), provider };
}

async function withSession(run: (session: Session) => Promise<void>): Promise<void> {
  const opened = await session(program.opts<GlobalOptions>());
  try {
    await run(opened);
  } finally {
    opened.provider.destroy();
  }
}

const describe = (u: RegisteredUniversity): string =>
  `${u.id}  ${u.names.en} · ${u.names.ar} (${u.country})  ${u.accredited ? "accredited" : "suspended"}  ${u.url}`;

/** The registry's record of university `id`, refused unless it belongs to this ministry's country. */
async function ownUniversity({ reader, country }: Session, id: number): Promise<RegisteredUniversity> {
  const university = await reader.university(id);
  if (!university) throw new Error(`no university ${id} in the IssuerRegistry`);
  if (university.country !== country)
    throw new Error(
      `university ${id} (${university.names.en}) is in ${university.country}, not ${country}: only its own ministry can act on it`,
    );
  return university;
}

/** Signs and sends, waits for the receipt; the registry's custom error, named, when it refuses. */
async function send({ registry }: Session, method: string, ...args: unknown[]): Promise<number> {
  try {
    const transaction = await registry.getFunction(method)(...args);
    const receipt = await transaction.wait();
    return receipt?.blockNumber ?? 0;
  } catch (error) {
    if (isError(error, "CALL_EXCEPTION") && error.revert)
      throw new Error(`the registry refused: ${error.revert.name}(${error.revert.args.join(", ")})`);
    if (isError(error, "INSUFFICIENT_FUNDS")) throw new Error("the ministry's account has no funds for gas");
    throw error;
  }
}

const universityId = (value: string): number => {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new InvalidArgumentError("a university id (1, 2, …)");
  return id;
};

program
  .command("universities")
  .description("list this ministry's universities as the registry records them")
  .action(() =>
    withSession(async (s) => {
      const count = Number(await s.registry.getFunction("universityCount")());
      const own: RegisteredUniversity[] = [];
      for (let id = 1; id <= count; id++) {
        const university = await s.reader.university(id);
        if (university?.country === s.country) own.push(university);
      }
      console.log(`Ministry of ${COUNTRIES[s.country].en} (${s.ministry.address}): ${own.length} universities`);
      for (const university of own) console.log(`  ${describe(university)}`);
    }),
  );

program
  .command("accredit")
  .description("accredit a university of this ministry's country, run by the operator account given")
  .requiredOption("--operator <address>", "the university's operator account", (value) => {
    if (!isAddress(value)) throw new InvalidArgumentError("an Ethereum address (0x…)");
    return getAddress(value);
  })
  .requiredOption("--name-ar <name>", "name in Arabic")
  .requiredOption("--name-en <name>", "name in English")
  .requiredOption("--name-fr <name>", "name in French")
  .requiredOption("--url <url>", "address of the university's issuance server")
  .action((options: { operator: string; nameAr: string; nameEn: string; nameFr: string; url: string }) =>
    withSession(async (s) => {
      const names = { ar: options.nameAr, en: options.nameEn, fr: options.nameFr };
      const block = await send(s, "accreditUniversity", options.operator, names, options.url);
      const id = Number(await s.registry.getFunction("universityOf")(options.operator));
      console.log(`Accredited in block ${block}: ${describe(await ownUniversity(s, id))}`);
    }),
  );

program
  .command("suspend")
  .description("suspend a university of this ministry's country: it can no longer anchor certificates")
  .argument("<id>", "university id", universityId)
  .requiredOption("--reason <text>", "why, recorded on chain")
  .action((id: number, options: { reason: string }) =>
    withSession(async (s) => {
      const university = await ownUniversity(s, id);
      if (!university.accredited) throw new Error(`university ${id} (${university.names.en}) is already suspended`);
      const block = await send(s, "suspendUniversity", id, options.reason);
      console.log(`Suspended in block ${block}: ${describe(await ownUniversity(s, id))}`);
    }),
  );

program
  .command("reinstate")
  .description("reinstate a suspended university of this ministry's country")
  .argument("<id>", "university id", universityId)
  .action((id: number) =>
    withSession(async (s) => {
      const university = await ownUniversity(s, id);
      if (university.accredited) throw new Error(`university ${id} (${university.names.en}) is not suspended`);
      const block = await send(s, "reinstateUniversity", id);
      console.log(`Reinstated in block ${block}: ${describe(await ownUniversity(s, id))}`);
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`ministry: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
