import { getAddress } from "ethers";
import { documentHash, fieldHashes, hideFields, instantOf } from "../../core";
import { highS } from "../../scripts/conformance-vectors";
import type { CheckName, Credential, Issuer } from "../../core";

/** A change to a valid credential that keeps it well formed (unless FORMAT is the check), and the check that must catch it. */
export interface Mutation {
  name: string;
  check: CheckName;
  /** `n` picks among the variants of the change (which salt, which proof step, which digit). */
  apply(credential: Credential, n: number): unknown;
}

/** `hex` with one digit changed. */
export const flipHex = (hex: string, n: number): string => {
  const i = 2 + (n % (hex.length - 2));
  const digit = parseInt(hex[i] as string, 16);
  return hex.slice(0, i) + ((digit + 1 + (n % 15)) % 16).toString(16) + hex.slice(i + 1);
};
/** `address` with one digit changed, written in its checksummed form as a careful forger would. */
const flipAddress = (address: string, n: number): string => getAddress(flipHex(address.toLowerCase(), n));
/** The signature with one digit of `r` changed: `s` stays low, so the form stays canonical. */
const flipSignature = (signature: string, n: number): string =>
  flipHex(signature.slice(0, 66), n) + signature.slice(66);
const withSubject = (c: Credential, patch: Partial<Credential["credentialSubject"]>) => ({
  ...c,
  credentialSubject: { ...c.credentialSubject, ...patch },
});
const withProof = (c: Credential, patch: Partial<Credential["proof"]>) => ({ ...c, proof: { ...c.proof, ...patch } });
const withIssuer = (c: Credential, patch: Partial<Issuer>) => ({ ...c, issuer: { ...c.issuer, ...patch } });
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** Some salt of the credential, to pair with a field added without one of its own. */
const anySalt = (c: Credential): string => Object.values(c.proof.salts)[0] as string;

/** Every kind of change to one credential, each with the check that must find it. */
export const MUTATIONS: Mutation[] = [
  {
    name: "Arabic name",
    check: "INTEGRITY",
    apply: (c) => withSubject(c, { nameAr: `${c.credentialSubject.nameAr}ي` }),
  },
  {
    name: "Latin name",
    check: "INTEGRITY",
    apply: (c) => withSubject(c, { nameLatin: `${c.credentialSubject.nameLatin}e` }),
  },
  {
    name: "identifier",
    check: "INTEGRITY",
    apply: (c) => withSubject(c, { identifier: `${c.credentialSubject.identifier}7` }),
  },
  {
    name: "degree",
    check: "INTEGRITY",
    apply: (c) => withSubject(c, { degree: c.credentialSubject.degree === "master" ? "doctorate" : "master" }),
  },
  {
    name: "programme",
    check: "INTEGRITY",
    apply: (c) =>
      withSubject(c, {
        programme: { ...c.credentialSubject.programme!, en: `${c.credentialSubject.programme!.en} Studies` },
      }),
  },
  {
    name: "programme in Arabic",
    check: "INTEGRITY",
    apply: (c) =>
      withSubject(c, {
        programme: { ...c.credentialSubject.programme!, ar: `${c.credentialSubject.programme!.ar} التطبيقية` },
      }),
  },
  {
    name: "graduation date",
    check: "INTEGRITY",
    apply: (c) => withSubject(c, { graduationDate: nextDay(c.credentialSubject.graduationDate!) }),
  },
  {
    name: "grade",
    check: "INTEGRITY",
    apply: (c) => withSubject(c, { grade: c.credentialSubject.grade === "ممتاز" ? "جيد" : "ممتاز" }),
  },
  {
    name: "honours (changed, or added with a borrowed salt)",
    check: "INTEGRITY",
    apply: (c) =>
      c.credentialSubject.honours === undefined
        ? withProof(withSubject(c, { honours: "مع مرتبة الشرف الأولى" }), {
            salts: { ...c.proof.salts, "credentialSubject.honours": anySalt(c) },
          })
        : withSubject(c, { honours: `${c.credentialSubject.honours} الأولى` }),
  },
  {
    name: "validFrom",
    check: "INTEGRITY",
    apply: (c) => ({ ...c, validFrom: instantOf(new Date(Date.parse(c.validFrom) + 1000)) }),
  },
  {
    name: "validUntil (moved, or added with a borrowed salt)",
    check: "INTEGRITY",
    apply: (c) =>
      c.validUntil === undefined
        ? withProof(
            { ...c, validUntil: "2099-01-01T00:00:00Z" },
            { salts: { ...c.proof.salts, validUntil: anySalt(c) } },
          )
        : { ...c, validUntil: "2099-01-01T00:00:00Z" },
  },
  {
    name: "credential id",
    check: "INTEGRITY",
    apply: (c, n) => ({ ...c, id: `urn:tasdiq:credential:${flipHex(`0x${c.id.slice(-16)}`, n).slice(2)}` }),
  },
  {
    name: "issuer name",
    check: "INTEGRITY",
    apply: (c) => withIssuer(c, { name: { ...c.issuer.name, en: "Other University" } }),
  },
  {
    name: "issuer country",
    check: "INTEGRITY",
    apply: (c) => withIssuer(c, { country: c.issuer.country === "EG" ? "JO" : "EG" }),
  },
  {
    name: "issuer operator address",
    check: "INTEGRITY",
    apply: (c, n) => withIssuer(c, { address: flipAddress(c.issuer.address, n) }),
  },
  {
    name: "issuer id",
    check: "INTEGRITY",
    apply: (c) =>
      withIssuer(c, {
        universityId: c.issuer.universityId + 1,
        id: `urn:tasdiq:university:${c.issuer.universityId + 1}`,
      }),
  },
  {
    name: "a salt",
    check: "INTEGRITY",
    apply: (c, n) => {
      const paths = Object.keys(c.proof.salts) as (keyof Credential["proof"]["salts"])[];
      const path = paths[n % paths.length]!;
      return withProof(c, { salts: { ...c.proof.salts, [path]: flipHex(c.proof.salts[path]!, n) } });
    },
  },
  {
    name: "the hash of a hidden field",
    check: "INTEGRITY",
    apply: (c, n) => {
      const hidden = hideFields(c, ["credentialSubject.grade"]);
      return withProof(hidden, {
        hidden: { "credentialSubject.grade": flipHex(hidden.proof.hidden["credentialSubject.grade"]!, n) },
      });
    },
  },
  {
    name: "document hash",
    check: "INTEGRITY",
    apply: (c, n) => withProof(c, { documentHash: flipHex(c.proof.documentHash, n) }),
  },
  {
    name: "a proof step",
    check: "MERKLE_PROOF",
    apply: (c, n) => {
      const steps = [...c.proof.merkleProof];
      if (steps.length === 0) return withProof(c, { merkleProof: [c.proof.root] });
      const at = n % steps.length;
      steps[at] = flipHex(steps[at]!, n);
      return withProof(c, { merkleProof: steps });
    },
  },
  {
    name: "a proof step dropped, or one added",
    check: "MERKLE_PROOF",
    apply: (c, n) =>
      withProof(c, {
        merkleProof:
          c.proof.merkleProof.length > 0
            ? c.proof.merkleProof.filter((_, i) => i !== n % c.proof.merkleProof.length)
            : [c.proof.documentHash],
      }),
  },
  { name: "root", check: "MERKLE_PROOF", apply: (c, n) => withProof(c, { root: flipHex(c.proof.root, n) }) },
  {
    name: "fields and document hash recomputed by a forger",
    check: "MERKLE_PROOF",
    apply: (c) => {
      const forged = withSubject(c, { grade: "ممتاز مع مرتبة الشرف" });
      return withProof(forged, { documentHash: documentHash(fieldHashes(forged, c.proof.salts, c.proof.hidden)) });
    },
  },
  {
    name: "signature",
    check: "ISSUER_SIGNATURE",
    apply: (c, n) => withProof(c, { signature: flipSignature(c.proof.signature, n) }),
  },
  {
    name: "signature recovery byte",
    check: "ISSUER_SIGNATURE",
    apply: (c) =>
      withProof(c, { signature: c.proof.signature.slice(0, 130) + (c.proof.signature.endsWith("1b") ? "1c" : "1b") }),
  },
  {
    name: "stated signer",
    check: "ISSUER_SIGNATURE",
    apply: (c, n) => withProof(c, { signer: flipAddress(c.proof.signer, n) }),
  },
  { name: "chain id", check: "ANCHORED", apply: (c, n) => withProof(c, { chainId: c.proof.chainId + 1 + (n % 1000) }) },
  {
    name: "registry address",
    check: "ANCHORED",
    apply: (c, n) => withProof(c, { registry: flipAddress(c.proof.registry, n) }),
  },
  {
    name: "batch count",
    check: "ANCHORED",
    apply: (c, n) => withProof(c, { batchCount: c.proof.batchCount + 1 + (n % 50) }),
  },
  { name: "an unknown property", check: "FORMAT", apply: (c) => ({ ...c, verifiedBy: "the ministry" }) },
  {
    name: "type",
    check: "FORMAT",
    apply: (c) => ({ ...c, type: ["VerifiableCredential", "UniversityDegreeCredential"] }),
  },
  {
    name: "a disclosed field without its salt",
    check: "FORMAT",
    apply: (c) => withProof(c, { salts: { ...c.proof.salts, "credentialSubject.nameLatin": undefined } }),
  },
  // One strict encoding: each of these is a second spelling of a valid credential, or text that prints
  // differently from what was hashed. Every verifier must refuse them the same way.
  {
    name: "a lone surrogate in free text",
    check: "FORMAT",
    apply: (c) => withSubject(c, { grade: `${c.credentialSubject.grade}\ud800` }),
  },
  {
    name: "a bidi override in free text",
    check: "FORMAT",
    apply: (c) => withSubject(c, { grade: `\u202e${c.credentialSubject.grade}` }),
  },
  {
    name: "a zero-width space in a name",
    check: "FORMAT",
    apply: (c) => withSubject(c, { nameLatin: c.credentialSubject.nameLatin!.replace(" ", "\u200b ") }),
  },
  {
    name: "a control character in the programme",
    check: "FORMAT",
    apply: (c) =>
      withSubject(c, {
        programme: { ...c.credentialSubject.programme!, en: `${c.credentialSubject.programme!.en}\u0007` },
      }),
  },
  {
    name: "text not in NFC",
    check: "FORMAT",
    apply: (c) => withIssuer(c, { name: { ...c.issuer.name, fr: c.issuer.name.fr.normalize("NFD") } }),
  },
  {
    name: "upper-case hex in the root",
    check: "FORMAT",
    apply: (c) => withProof(c, { root: `0x${c.proof.root.slice(2).toUpperCase()}` }),
  },
  {
    name: "upper-case hex in the signature",
    check: "FORMAT",
    apply: (c) => withProof(c, { signature: c.proof.signature.toUpperCase().replace("0X", "0x") }),
  },
  {
    name: "an address not in its checksummed form",
    check: "FORMAT",
    apply: (c) => withProof(c, { signer: c.proof.signer.toLowerCase() }),
  },
  {
    name: "the high-s twin of the signature",
    check: "FORMAT",
    apply: (c) => withProof(c, { signature: highS(c.proof.signature) }),
  },
  {
    name: "a recovery byte of 0 or 1",
    check: "FORMAT",
    apply: (c) =>
      withProof(c, { signature: c.proof.signature.slice(0, 130) + (c.proof.signature.endsWith("1b") ? "00" : "01") }),
  },
  {
    name: "an issuer id naming another university",
    check: "FORMAT",
    apply: (c) => withIssuer(c, { id: `urn:tasdiq:university:${c.issuer.universityId + 1}` }),
  },
  {
    name: "a graduation after the issuance",
    check: "FORMAT",
    apply: (c) => withSubject(c, { graduationDate: nextDay(c.validFrom.slice(0, 10)) }),
  },
  { name: "a graduation before 1900", check: "FORMAT", apply: (c) => withSubject(c, { graduationDate: "1899-12-31" }) },
  {
    name: "a validity ending before it starts",
    check: "FORMAT",
    apply: (c) => ({ ...c, validUntil: c.validFrom.replace(/^\d{4}/, (year) => String(Number(year) - 1)) }),
  },
  { name: "a date that does not exist", check: "FORMAT", apply: (c) => ({ ...c, validFrom: "2026-02-30T09:00:00Z" }) },
];

/** Mutations that need a second credential: proofs, salts and fields taken from another certificate. */
export const SWAPS: { name: string; check: CheckName; apply(credential: Credential, other: Credential): unknown }[] = [
  {
    name: "Merkle proof of another certificate",
    check: "MERKLE_PROOF",
    apply: (c, o) => withProof(c, { merkleProof: o.proof.merkleProof }),
  },
  { name: "salts of another certificate", check: "INTEGRITY", apply: (c, o) => withProof(c, { salts: o.proof.salts }) },
  {
    name: "subject of another certificate",
    check: "INTEGRITY",
    apply: (c, o) => ({ ...c, credentialSubject: o.credentialSubject }),
  },
  { name: "whole proof block of another certificate", check: "INTEGRITY", apply: (c, o) => ({ ...c, proof: o.proof }) },
  {
    name: "document hash and Merkle proof of another certificate",
    check: "INTEGRITY",
    apply: (c, o) => withProof(c, { documentHash: o.proof.documentHash, merkleProof: o.proof.merkleProof }),
  },
  { name: "issuer block of another university", check: "INTEGRITY", apply: (c, o) => ({ ...c, issuer: o.issuer }) },
  {
    name: "relabelled as another university, hashes recomputed by the forger",
    check: "MERKLE_PROOF",
    apply: (c, o) => {
      const relabelled = { ...c, issuer: o.issuer };
      return withProof(relabelled, {
        documentHash: documentHash(fieldHashes(relabelled, c.proof.salts, c.proof.hidden)),
      });
    },
  },
];
