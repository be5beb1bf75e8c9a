import { Contract } from "ethers";
import type { Provider } from "ethers";
import type { Deployment } from "../deployment";
import { ChainReadError } from "../errors";
import { ISSUER_REGISTRY_ABI } from "./abi";

/** A mirror of stored credentials as the IssuerRegistry lists it. */
export interface PublishedMirror {
  /** The account that published it: a ministry's, or the authority's. */
  publisher: string;
  /** The publishing ministry's country; null for the authority's mirror, which keeps every country's. */
  country: string | null;
  url: string;
}

/**
 * The mirrors the IssuerRegistry lists, read apart from the {@link ChainReader}: a mirror list is only
 * ever used to find more copies of a stored credential, which the verifier then decrypts and checks, so
 * a node that lies about it can make a verification fail but never pass. Throws {@link ChainReadError}.
 */
export async function readMirrors(provider: Provider, deployment: Deployment): Promise<PublishedMirror[]> {
  const registry = new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, provider);
  let list: { publisher: string; country: string; url: string }[];
  try {
    list = (await registry.getFunction("mirrors")()) as typeof list;
  } catch (cause) {
    throw new ChainReadError("CHAIN_UNREACHABLE", "the registry's mirrors could not be read", { cause });
  }
  return list.map((m) => ({
    publisher: m.publisher,
    country:
      m.country === "0x0000"
        ? null
        : String.fromCharCode(parseInt(m.country.slice(2, 4), 16), parseInt(m.country.slice(4, 6), 16)),
    url: m.url,
  }));
}

/** The mirrors that keep the credentials of a university of `country`: its ministry's and the authority's. */
export function mirrorsOfCountry(mirrors: readonly PublishedMirror[], country: string): PublishedMirror[] {
  return mirrors.filter((m) => m.country === null || m.country === country);
}

/**
 * Where a mirror serves the stored credentials of university `universityId`: a base URL below which
 * the route is the university server's own (`api/public/credentials/<id>`, see `storedCredentialUrl`).
 */
export function mirrorUniversityUrl(mirrorUrl: string, universityId: number): string {
  return `${mirrorUrl.replace(/\/*$/, "")}/universities/${universityId}/`;
}
