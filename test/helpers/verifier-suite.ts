import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { closeTabs, launchChromium, openTab } from "./browser";
import type { Tab, TabOptions } from "./browser";
import { startVerifierWorld } from "./verifier-world";
import type { VerifierWorld } from "./verifier-world";

// Apart from verifier-world.ts, which scripts and benchmarks import outside vitest.

export interface VerifierSuite {
  world: VerifierWorld;
  browser: Browser;
  /** Opens `address` in a fresh tab (of `browser`), closed and checked by {@link closeTabs} after the test. */
  open(address: string, options?: TabOptions, browser?: Browser): Promise<Tab>;
}

/**
 * For a `describe` of browser tests: starts a verifier world and Chromium before its tests, and
 * stops them after; every tab a test opens is closed after it, failing the test if the page broke
 * its Content-Security-Policy, threw, or made a third-party request.
 */
export function useVerifierSuite(options: Parameters<typeof startVerifierWorld>[0] = {}): VerifierSuite {
  const tabs: Tab[] = [];
  const suite = {
    async open(address: string, options?: TabOptions, browser?: Browser): Promise<Tab> {
      const tab = await openTab(browser ?? suite.browser, options);
      tabs.push(tab);
      await tab.page.goto(address);
      return tab;
    },
  } as VerifierSuite;
  beforeAll(async () => {
    suite.world = await startVerifierWorld(options);
    suite.browser = await launchChromium();
  });
  afterEach(() => closeTabs(tabs));
  afterAll(async () => {
    await suite.browser?.close();
    await suite.world?.stop();
  });
  return suite;
}
