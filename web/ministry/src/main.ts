import "../../v/src/zod-jitless";
import "@fontsource/noto-sans-arabic/400.css";
import "@fontsource/noto-sans-arabic/700.css";
import "../../v/src/styles.css";
import "./styles.css";
import { COUNTRIES, isCountryCode } from "../../../core";
import type { CountryCode, LocalizedText, RegisteredUniversity } from "../../../core";
import type { Eip1193Provider } from "ethers";
import { byId, h } from "../../v/src/dom";
import type { Child } from "../../v/src/dom";
import { anchoringChart } from "./chart";
import { pageConfig, signsHere } from "./config";
import { applyLanguage, formatTime, initialLanguage, languageOf, localized, t, withIsolated } from "./i18n";
import type { MessageKey } from "./i18n";
import { fetchOverview } from "./overview";
import type { Overview, UniversityFigures } from "./overview";
import { anomalyList, countryName, keyTable, revocationTable, suspensionTable, universityCards } from "./render";
import type { UniversityActions } from "./render";
import { MinistrySigner, WrongChainError, failureOf } from "./signing";

const page = {
  origin: byId("origin", HTMLParagraphElement),
  filters: byId("filters", HTMLFormElement),
  country: byId("country", HTMLSelectElement),
  from: byId("from", HTMLInputElement),
  to: byId("to", HTMLInputElement),
  keyPanel: byId("key-panel", HTMLElement),
  walletConnect: byId("wallet-connect", HTMLButtonElement),
  keyForm: byId("key-form", HTMLFormElement),
  keystore: byId("keystore", HTMLInputElement),
  password: byId("password", HTMLInputElement),
  keyClose: byId("key-close", HTMLButtonElement),
  keyStatus: byId("key-status", HTMLParagraphElement),
  message: byId("message", HTMLParagraphElement),
  indexStatus: byId("index-status", HTMLParagraphElement),
  universities: byId("universities", HTMLDivElement),
  accredit: byId("accredit", HTMLElement),
  accreditForm: byId("accredit-form", HTMLFormElement),
  operator: byId("operator", HTMLInputElement),
  nameAr: byId("name-ar", HTMLInputElement),
  nameEn: byId("name-en", HTMLInputElement),
  nameFr: byId("name-fr", HTMLInputElement),
  url: byId("url", HTMLInputElement),
  confirm: byId("confirm", HTMLDialogElement),
  confirmTitle: byId("confirm-title", HTMLHeadingElement),
  confirmBody: byId("confirm-body", HTMLDivElement),
  confirmSign: byId("confirm-sign", HTMLButtonElement),
  confirmCancel: byId("confirm-cancel", HTMLButtonElement),
  chart: byId("chart", HTMLDivElement),
  anomalies: byId("anomalies", HTMLDivElement),
  revocations: byId("revocations", HTMLDivElement),
  suspensions: byId("suspensions", HTMLDivElement),
  keys: byId("keys", HTMLDivElement),
};

const config = pageConfig();
/** Set only for a ministry's own build opened on the origin it was built for; everywhere else the page never signs. */
const signing = signsHere(config, location.origin) ? config : undefined;
/** A ministry's build reads its configured audit index; an issuance server's copy reads the server's own. */
const auditUrl = config.servedBy === "ministry" ? config.auditUrl : new URL("/api/audit/overview", location.href).href;

// What cannot sign here is not in the page at all: no keystore field on a university's server.
if (!signing) page.keyPanel.remove();
if (!signing?.keystore) page.keyForm.remove();

let overview: Overview | undefined;
let key: MinistrySigner | undefined;
/** The last message, kept as a key so that a language switch can say it again. */
let message: { key: MessageKey; values: Record<string, string | number>; kind: "info" | "error" } | undefined;
/** Each load's number: a slower earlier answer must not replace a later one. */
let latestLoad = 0;
/** The transaction the confirmation dialog offers to sign. */
let pending: ((signer: MinistrySigner) => Promise<number>) | undefined;

function say(key: MessageKey, values: Record<string, string | number> = {}, kind: "info" | "error" = "info"): void {
  message = { key, values, kind };
  drawMessage();
}

function drawMessage(): void {
  page.message.textContent = message ? t(message.key, message.values) : "";
  page.message.classList.toggle("status--error", message?.kind === "error");
}

/** Where this page comes from and whom it trusts, so that a ministry sees it before signing anything. */
function drawOrigin(): void {
  const origin = location.origin;
  page.origin.classList.toggle("notice--warning", config.servedBy === "ministry" && !signing);
  if (config.servedBy === "issuance-server") {
    const link = config.ministryDashboard;
    page.origin.replaceChildren(
      ...withIsolated("origin.issuanceServer", "origin", origin),
      ...(link ? [" ", t("origin.ministryDashboard"), " ", h("a", { href: link, dir: "ltr" }, link)] : []),
    );
  } else if (signing) {
    const endpoints = [...new Set([signing.rpcUrl, signing.auditUrl].map((url) => new URL(url).origin))];
    page.origin.replaceChildren(
      ...withIsolated("origin.ministry", "origin", origin),
      ...endpoints.flatMap((endpoint, index) => [index === 0 ? " " : ", ", h("bdi", { dir: "ltr" }, endpoint)]),
    );
  } else {
    page.origin.replaceChildren(
      ...withIsolated("origin.mismatch", "origin", origin, { built: new URL(config.origin).origin }),
    );
  }
}

const ministryCountry = (): CountryCode | undefined => (key?.role.kind === "ministry" ? key.role.country : undefined);

function fillCountries(): void {
  const selected = page.country.value || new URLSearchParams(location.search).get("country")?.toUpperCase() || "all";
  page.country.replaceChildren(
    h("option", { value: "all" }, t("filter.all")),
    ...(Object.keys(COUNTRIES) as CountryCode[]).map((code) =>
      h("option", { value: code }, localized(COUNTRIES[code])),
    ),
  );
  page.country.value = isCountryCode(selected) ? selected : "all";
}

function universityName(id: number): string {
  const university = overview?.universities.find((u) => u.id === id);
  return university ? localized(university.names) : `#${id}`;
}

/** Only the ministry of a university's country may suspend or reinstate it. */
function actionsFor(university: UniversityFigures): UniversityActions | undefined {
  if (university.country !== ministryCountry() || university.state === "no-ministry") return undefined;
  return {
    suspend: (target, reason) => {
      if (!reason) return say("action.reasonMissing", {}, "error");
      void confirmOnChain(target.id, "suspend", (signer) => signer.suspend(target.id, reason), reason);
    },
    reinstate: (target) => void confirmOnChain(target.id, "reinstate", (signer) => signer.reinstate(target.id)),
  };
}

function draw(): void {
  page.accredit.hidden = ministryCountry() === undefined;
  page.country.disabled = ministryCountry() !== undefined;
  drawOrigin();
  drawMessage();
  drawKeyStatus();
  if (!overview) return;
  const checkpoint = overview.index.checkpoint;
  page.indexStatus.textContent = checkpoint
    ? t("index.asOf", { block: checkpoint.number, time: formatTime(checkpoint.timestamp) })
    : t("index.empty");
  page.universities.replaceChildren(universityCards(overview, actionsFor));
  page.chart.replaceChildren(anchoringChart(overview, universityName));
  page.anomalies.replaceChildren(anomalyList(overview, universityName));
  page.revocations.replaceChildren(revocationTable(overview, universityName));
  page.suspensions.replaceChildren(suspensionTable(overview, universityName));
  page.keys.replaceChildren(keyTable(overview, universityName));
}

async function load(): Promise<void> {
  const run = ++latestLoad;
  page.universities.setAttribute("aria-busy", "true");
  try {
    const answer = await fetchOverview(auditUrl, {
      country: page.country.value,
      from: page.from.value,
      to: page.to.value,
    });
    if (run !== latestLoad) return;
    overview = answer;
    if (message?.key === "load.failed") message = undefined;
  } catch (error) {
    if (run !== latestLoad) return;
    say("load.failed", { message: error instanceof Error ? error.message : String(error) }, "error");
  } finally {
    if (run === latestLoad) page.universities.removeAttribute("aria-busy");
  }
  draw();
}

/** One line of the confirmation: a label and a value isolated from the surrounding direction. */
const fact = (label: MessageKey, ...value: Child[]): HTMLElement[] => [h("dt", {}, t(label)), h("dd", {}, ...value)];

const namesOf = (names: LocalizedText): HTMLElement =>
  h(
    "span",
    { class: "names" },
    h("bdi", { lang: "ar" }, names.ar),
    " · ",
    h("bdi", {}, names.en),
    " · ",
    h("bdi", {}, names.fr),
  );

/** Asks before signing, showing what the transaction is about as the registry records it, not as the figures said. */
function askToSign(title: MessageKey, facts: HTMLElement[], send: (signer: MinistrySigner) => Promise<number>): void {
  pending = send;
  message = undefined;
  drawMessage();
  page.confirmTitle.textContent = t(title);
  page.confirmBody.replaceChildren(
    h("p", {}, t(title === "confirm.accredit" ? "confirm.newUniversity" : "confirm.fromChain")),
    h("dl", { class: "record" }, ...facts),
    h("p", { class: "hint" }, t(key?.custody === "keystore" ? "confirm.viaKeystore" : "confirm.viaWallet")),
  );
  page.confirm.showModal();
}

/**
 * Reads the university from the chain before suspending or reinstating it: the figures come from an
 * audit index, which could be stale or lie; the decision rests on the registry's own record.
 */
async function confirmOnChain(
  id: number,
  action: "suspend" | "reinstate",
  send: (signer: MinistrySigner) => Promise<number>,
  reason?: string,
): Promise<void> {
  if (!key) return;
  say("chain.reading");
  let record: RegisteredUniversity | undefined;
  try {
    record = await key.university(id);
  } catch (error) {
    return say("chain.failed", { message: failureOf(error) }, "error");
  }
  if (!record) return say("chain.unknown", { id }, "error");
  if (record.country !== ministryCountry())
    return say("chain.notYours", { id, country: countryName(record.country) }, "error");
  if (record.accredited === (action === "reinstate"))
    return say(record.accredited ? "chain.alreadyAccredited" : "chain.alreadySuspended", { id }, "error");
  askToSign(
    action === "suspend" ? "confirm.suspend" : "confirm.reinstate",
    [
      ...fact("confirm.id", String(record.id)),
      ...fact("confirm.names", namesOf(record.names)),
      ...fact("confirm.country", countryName(record.country)),
      ...fact("confirm.operator", h("bdi", { class: "code" }, record.operator)),
      ...fact("confirm.url", h("bdi", { class: "code" }, record.url)),
      ...fact("confirm.state", t(record.accredited ? "state.accredited" : "state.suspended")),
      ...(reason === undefined ? [] : fact("confirm.reason", h("bdi", {}, reason))),
    ],
    send,
  );
}

/** Signs and sends the confirmed transaction, then shows the figures with it. */
async function signPending(): Promise<void> {
  const send = pending;
  pending = undefined;
  page.confirm.close();
  if (!key || !send) return;
  say(key.custody === "wallet" ? "action.wallet" : "action.sending");
  try {
    const block = await send(key);
    say("action.done", { block });
  } catch (error) {
    say("action.failed", { message: failureOf(error) }, "error");
  }
  await load();
}

function drawKeyStatus(): void {
  page.walletConnect.hidden = key !== undefined;
  page.keyForm.hidden = key !== undefined;
  page.keyClose.hidden = key === undefined;
  if (!key) {
    page.keyStatus.textContent = "";
    return;
  }
  const role = key.role;
  page.keyStatus.replaceChildren(
    ...(role.kind === "ministry"
      ? withIsolated("key.ministry", "address", key.address, { country: countryName(role.country) })
      : withIsolated(role.kind === "authority" ? "key.authority" : "key.notMinistry", "address", key.address)),
    " ",
    t(key.custody === "wallet" ? "key.viaWallet" : "key.viaKeystore"),
  );
}

/** Shows the scope of the account that signed in, and its figures. */
async function signedIn(signer: MinistrySigner): Promise<void> {
  key = signer;
  message = undefined;
  if (signer.role.kind === "ministry") page.country.value = signer.role.country;
  if (signer.role.kind === "authority") page.country.value = "all";
  await load();
}

async function connectWallet(): Promise<void> {
  if (!signing) return;
  const ethereum = (window as Window & { ethereum?: Eip1193Provider }).ethereum;
  if (!ethereum) return say("wallet.none", {}, "error");
  say("wallet.connecting");
  try {
    await signedIn(await MinistrySigner.connectWallet(ethereum, signing));
  } catch (error) {
    if (error instanceof WrongChainError)
      return say("wallet.wrongChain", { chainId: error.chainId, expected: signing.deployment.chainId }, "error");
    say("wallet.failed", { message: failureOf(error) }, "error");
  }
}

async function openKeystore(): Promise<void> {
  if (!signing?.keystore) return;
  const file = page.keystore.files?.[0];
  if (!file || !page.password.value) return say("key.missing", {}, "error");
  say("key.decrypting");
  let signer: MinistrySigner;
  try {
    signer = await MinistrySigner.openKeystore(await file.text(), page.password.value, signing);
  } catch {
    return say("key.wrongPassword", {}, "error");
  } finally {
    // The password is not kept in the page once used.
    page.password.value = "";
  }
  await signedIn(signer);
}

page.walletConnect.addEventListener("click", () => void connectWallet());

page.keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void openKeystore();
});

page.keyClose.addEventListener("click", () => {
  key = undefined;
  page.keystore.value = "";
  draw();
});

page.confirmSign.addEventListener("click", () => void signPending());

page.confirm.addEventListener("close", () => {
  if (!pending) return;
  pending = undefined;
  say("action.cancelled");
});
page.confirmCancel.addEventListener("click", () => page.confirm.close());

page.filters.addEventListener("submit", (event) => {
  event.preventDefault();
  void load();
});

page.accreditForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void accredit();
});

/** Accredits in the ministry's own country, once the registry confirms the operator runs no university yet. */
async function accredit(): Promise<void> {
  const country = ministryCountry();
  const operator = page.operator.value.trim();
  const names = { ar: page.nameAr.value.trim(), en: page.nameEn.value.trim(), fr: page.nameFr.value.trim() };
  const url = page.url.value.trim();
  if (!key || !country) return;
  if (!/^0x[0-9a-fA-F]{40}$/.test(operator) || !names.ar || !names.en || !names.fr || !url)
    return say("accredit.invalid", {}, "error");
  say("chain.reading");
  let taken: number;
  try {
    taken = await key.universityOf(operator);
  } catch (error) {
    return say("chain.failed", { message: failureOf(error) }, "error");
  }
  if (taken > 0) return say("chain.operatorTaken", { operator, id: taken }, "error");
  askToSign(
    "confirm.accredit",
    [
      ...fact("confirm.names", namesOf(names)),
      ...fact("confirm.country", countryName(country)),
      ...fact("confirm.operator", h("bdi", { class: "code" }, operator)),
      ...fact("confirm.url", h("bdi", { class: "code" }, url)),
    ],
    async (signer) => {
      const block = await signer.accredit(operator, names, url);
      page.accreditForm.reset();
      return block;
    },
  );
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-language]")) {
  button.addEventListener("click", () => {
    const chosen = languageOf(button.dataset.language);
    if (!chosen) return;
    applyLanguage(chosen);
    fillCountries();
    draw();
  });
}

applyLanguage(initialLanguage());
fillCountries();
draw();
void load();
