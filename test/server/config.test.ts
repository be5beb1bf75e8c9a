import { expect } from "chai";
import { describe, it } from "vitest";
import { loadConfig } from "../../server/config";
import { loadMirrorConfig } from "../../server/mirror/config";

const PASSWORD = { TASDIQ_KEYSTORE_PASSWORD: "a keystore password" };

describe("the configuration from the environment", () => {
  it("reads comma-separated lists, trimmed, with an empty variable counting as unset", () => {
    const config = loadConfig({
      ...PASSWORD,
      TASDIQ_CROSS_CHECK_RPC_URLS: "https://rpc.a.example, https://rpc.b.example",
      TASDIQ_FETCH_ALLOWED_NETWORKS: "127.0.0.0/8,::1/128",
      TASDIQ_TRUSTED_PROXIES: "loopback, 10.0.0.5",
      TASDIQ_PUBLIC_CROSS_CHECK_RPC_URLS: "",
    });
    expect([
      config.crossCheckRpcUrls,
      config.fetchAllowedNetworks,
      config.trustedProxies,
      config.publicCrossCheckRpcUrls,
    ]).to.deep.equal([
      ["https://rpc.a.example", "https://rpc.b.example"],
      ["127.0.0.0/8", "::1/128"],
      ["loopback", "10.0.0.5"],
      undefined,
    ]);
    expect([loadConfig(PASSWORD).fetchAllowedNetworks, loadConfig(PASSWORD).trustedProxies]).to.deep.equal([[], []]);
  });

  it("names every bad setting in one error", () => {
    const attempt = () =>
      loadConfig({
        ...PASSWORD,
        TASDIQ_CROSS_CHECK_RPC_URLS: "https://rpc.a.example,not a url",
        TASDIQ_FETCH_ALLOWED_NETWORKS: "127.0.0.0/8,10.0.0.0/33",
        TASDIQ_ANONYMOUS_RATE: "-1",
      });
    expect(attempt).to.throw(/crossCheckRpcUrls\.1/);
    expect(attempt).to.throw(/fetchAllowedNetworks\.1: a network in CIDR notation/);
    expect(attempt).to.throw(/anonymousRatePerSecond/);
  });

  it("gives a mirror the same anonymous limits and proxies as the issuance server", () => {
    const mirror = loadMirrorConfig({
      TASDIQ_ANONYMOUS_RATE: "5",
      TASDIQ_ANONYMOUS_BURST: "7",
      TASDIQ_TRUSTED_PROXIES: "loopback",
    });
    expect([mirror.anonymousRatePerSecond, mirror.anonymousBurst, mirror.trustedProxies]).to.deep.equal([
      5,
      7,
      ["loopback"],
    ]);
    expect(loadMirrorConfig({}).trustedProxies).to.deep.equal([]);
  });
});
