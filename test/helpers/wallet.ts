import { toQuantity } from "ethers";
import type { HDNodeWallet } from "ethers";
import type { Page } from "playwright-core";
import type { TestChain } from "./chain";

/** What the page asked of the injected wallet, method by method. */
export interface TestWallet {
  requests: string[];
}

/**
 * Injects an EIP-1193 provider (`window.ethereum`) into the page, as a browser wallet would: each
 * request crosses to the test, which signs `eth_sendTransaction` with `account` here and forwards
 * everything else to the test's node. The key never enters the page. `chainId` makes the wallet
 * claim another chain than the node's.
 */
export async function injectWallet(
  page: Page,
  chain: TestChain,
  account: HDNodeWallet,
  { chainId }: { chainId?: number } = {},
): Promise<TestWallet> {
  const wallet: TestWallet = { requests: [] };
  const signer = account.connect(chain.provider);
  await page.exposeFunction("testWalletRequest", async (method: string, params: any[]) => {
    wallet.requests.push(method);
    switch (method) {
      case "eth_chainId":
        return toQuantity(chainId ?? chain.deployment.chainId);
      case "eth_accounts":
      case "eth_requestAccounts":
        return [account.address];
      case "eth_sendTransaction": {
        const [request] = params as { to: string; data: string; value?: string; gas?: string }[];
        const sent = await signer.sendTransaction({
          to: request?.to,
          data: request?.data,
          value: request?.value,
          gasLimit: request?.gas,
        });
        return sent.hash;
      }
      default:
        return chain.provider.send(method, params);
    }
  });
  await page.addInitScript(() => {
    const target = window as any;
    target.ethereum = {
      request: ({ method, params }: { method: string; params?: unknown[] }) =>
        target.testWalletRequest(method, params ?? []),
      on: () => undefined,
      removeListener: () => undefined,
    };
  });
  return wallet;
}
