import { expect } from "chai";
import { Wallet, recoverAddress } from "ethers";
import { describe, it } from "vitest";
import {
  Deployment,
  MirrorPush,
  encryptCredential,
  mirrorPushDigest,
  mirrorPushSigner,
  signMirrorPush,
} from "../../core";

const DEPLOYMENT = Deployment.parse({
  network: "test",
  chainId: 31337,
  issuerRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  certificateRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  authority: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deploymentBlock: 0,
});
const OPERATOR = new Wallet(`0x${"11".repeat(32)}`);

async function signedPush(): Promise<MirrorPush> {
  const credentialId = "0123456789abcdef";
  const encrypted = await encryptCredential('{"a":1}', new Uint8Array(16).fill(7), credentialId);
  return signMirrorPush(OPERATOR, DEPLOYMENT, {
    universityId: 7,
    signedAt: 1_780_000_000_000,
    entries: [{ credentialId, version: 3, encrypted }],
  });
}

describe("mirror pushes", () => {
  it("are signed by the operator over the digest other implementations compute", async () => {
    const push = MirrorPush.parse(await signedPush());
    expect(mirrorPushSigner(DEPLOYMENT, push)).to.equal(OPERATOR.address);
    expect(recoverAddress(mirrorPushDigest(DEPLOYMENT, push), push.signature)).to.equal(OPERATOR.address);
  });

  it("name another signer once anything signed is changed, or on another deployment", async () => {
    const push = await signedPush();
    const [entry] = push.entries;
    const altered: MirrorPush[] = [
      { ...push, universityId: 8 },
      { ...push, signedAt: push.signedAt + 1 },
      { ...push, entries: [{ ...entry!, version: 4 }] },
      { ...push, entries: [{ ...entry!, encrypted: { ...entry!.encrypted, iv: "AAAAAAAAAAAAAAAA" } }] },
    ];
    for (const changed of altered) expect(mirrorPushSigner(DEPLOYMENT, changed)).to.not.equal(OPERATOR.address);
    expect(mirrorPushSigner({ ...DEPLOYMENT, chainId: 1 }, push)).to.not.equal(OPERATOR.address);
  });

  it("refuse a push without entries, with a credential twice, or beyond 100 entries", async () => {
    const push = await signedPush();
    const [entry] = push.entries;
    expect(MirrorPush.safeParse({ ...push, entries: [] }).success).to.equal(false);
    expect(MirrorPush.safeParse({ ...push, entries: [entry, entry] }).success).to.equal(false);
    const many = Array.from({ length: 101 }, (_, i) => ({ ...entry!, credentialId: i.toString(16).padStart(16, "0") }));
    expect(MirrorPush.safeParse({ ...push, entries: many }).success).to.equal(false);
  });
});
