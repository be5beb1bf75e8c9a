// The parts of the peers' APIs that bench/peers uses. Declared here rather than taken from the packages
// (the Digital Bazaar ones ship no types), so the project type-checks before the peers are installed.

declare module "@govtechsg/open-attestation" {
  export interface WrappedDocument {
    version: string;
    data: unknown;
    signature: { type: string; targetHash: string; proof: string[]; merkleRoot: string };
  }
  export function wrapDocuments(documents: object[]): WrappedDocument[];
  export function validateSchema(document: WrappedDocument): boolean;
}

declare module "@govtechsg/oa-verify" {
  import type { WrappedDocument } from "@govtechsg/open-attestation";
  export interface VerificationFragment {
    type: string;
    name: string;
    status: string;
  }
  export const openAttestationHash: {
    verify(document: WrappedDocument, options: object): Promise<VerificationFragment>;
  };
  export function isValid(fragments: VerificationFragment[], types?: string[]): boolean;
}

declare module "@digitalbazaar/vc" {
  type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  export function issue(options: {
    credential: object;
    suite: object;
    documentLoader: DocumentLoader;
  }): Promise<object>;
  export function verifyCredential(options: {
    credential: object;
    suite: object;
    documentLoader: DocumentLoader;
  }): Promise<{ verified: boolean; error?: unknown }>;
}

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, object>;
}

declare module "@digitalbazaar/data-integrity-context" {
  export const contexts: Map<string, object>;
}

declare module "@digitalbazaar/data-integrity" {
  export const DataIntegrityProof: new (options: { signer?: object; cryptosuite: object }) => object;
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export const cryptosuite: object;
}

declare module "@digitalbazaar/ecdsa-rdfc-2019-cryptosuite" {
  export const cryptosuite: object;
}

declare module "@digitalbazaar/ed25519-multikey" {
  export function generate(options: { id: string; controller: string }): Promise<{
    signer(): object;
    export(options: { publicKey: true; includeContext: true }): Promise<object>;
  }>;
}

declare module "@digitalbazaar/ecdsa-multikey" {
  export function generate(options: { id: string; controller: string; curve: "P-256" | "P-384" }): Promise<{
    signer(): object;
    export(options: { publicKey: true; includeContext: true }): Promise<object>;
  }>;
}
