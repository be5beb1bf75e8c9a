import { expect } from "chai";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";

/** Debian's Chromium, headless, without anything that would phone home during a test. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Content-Security-Policy violations the page caused. */
  violations: string[];
  /** Requests that left this machine: the verifier must make no third-party requests. */
  foreignRequests: string[];
  /** Uncaught exceptions in the page. */
  errors: string[];
  close(): Promise<void>;
}

export interface TabOptions {
  /** The browser's language, which the page starts in. */
  locale?: string;
  viewport?: { width: number; height: number };
}

/** A fresh browser profile (no remembered language) with the given browser language and screen. */
export async function openTab(
  browser: Browser,
  { locale = "en-GB", viewport = { width: 1100, height: 900 } }: TabOptions = {},
): Promise<Tab> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const tab: Tab = { page, context, violations: [], foreignRequests: [], errors: [], close: () => context.close() };
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
      tab.violations.push(message.text());
  });
  page.on("pageerror", (error) => tab.errors.push(error.message));
  page.on("request", (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (/^https?:$/.test(protocol) && hostname !== "127.0.0.1" && hostname !== "localhost")
      tab.foreignRequests.push(request.url());
  });
  return tab;
}

/**
 * Closes the tabs a test opened, failing it if any broke the page's Content-Security-Policy, threw,
 * or made a request to a third party.
 */
export async function closeTabs(tabs: Tab[]): Promise<void> {
  const closing = tabs.splice(0);
  await Promise.all(closing.map((tab) => tab.close()));
  for (const tab of closing) {
    expect(tab.violations, "CSP violations").to.deep.equal([]);
    expect(tab.foreignRequests, "third-party requests").to.deep.equal([]);
    expect(tab.errors, "uncaught errors").to.deep.equal([]);
  }
}

/** The outcome the verifier page shows: its verdict or problem, its words, and every check's status. */
export interface ShownOutcome {
  verdict: string | null;
  problem: string | null;
  title: string;
  text: string;
  checks: Record<string, string>;
}

export async function waitForOutcome(page: Page, timeout = 30_000): Promise<ShownOutcome> {
  const result = page.locator("#outcome .result");
  await result.waitFor({ timeout });
  return result.evaluate((element) => ({
    verdict: element.getAttribute("data-verdict"),
    problem: element.getAttribute("data-problem"),
    title: element.querySelector(".verdict__title")?.textContent ?? "",
    text: element.textContent ?? "",
    checks: Object.fromEntries(
      Array.from(element.querySelectorAll("[data-check]"), (check) => [
        check.getAttribute("data-check"),
        check.getAttribute("data-status"),
      ]),
    ),
  }));
}
