import "../../v/src/zod-jitless";
import "@fontsource/noto-sans-arabic/400.css";
import "@fontsource/noto-sans-arabic/700.css";
import "../../v/src/styles.css";
import "./styles.css";
import { COUNTRIES, isCountryCode } from "../../../core";
import type { CountryCode, VerifierConfig } from "../../../core";
import { loadConfig } from "../../v/src/config";
import { byId, h } from "../../v/src/dom";
import { anchoringChart } from "./chart";
import { applyLanguage, formatTime, initialLanguage, languageOf, localized, t, withIsolated } from "./i18n";
import type { MessageKey } from "./i18n";
import { fetchOverview } from "./overview";
import type { Overview, UniversityFigures } from "./overview";
import { anomalyList, countryName, keyTable, revocationTable, suspensionTable, universityCards } from "./render";
import type { UniversityActions } from "./render";
import { MinistryKey, failureOf } from "./signing";

const page = {
  filters: byId("filters", HTMLFormElement),
  country: byId("country", HTMLSelectElement),
  from: byId("from", HTMLInputElement),
  to: byId("to", HTMLInputElement),
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
  chart: byId("chart", HTMLDivElement),
  anomalies: byId("anomalies", HTMLDivElement),
  revocations: byId("revocations", HTMLDivElement),
  suspensions: byId("suspensions", HTMLDivElement),
  keys: byId("keys", HTMLDivElement),
};

// The chain settings are the verifier's (same origin, /v/config.json): one place says which chain and registries to trust.
const config: Promise<VerifierConfig | undefined> = loadConfig(new URL("../v/", location.href).href);

let overview: Overview | undefined;
let key: MinistryKey | undefined;
/** The last message, kept as a key so that a language switch can say it again. */
let message: { key: MessageKey; values: Record<string, string | number>; kind: "info" | "error" } | undefined;
/** Each load's number: a slower earlier answer must not replace a later one. */
let latestLoad = 0;

function say(key: MessageKey, values: Record<string, string | number> = {}, kind: "info" | "error" = "info"): void {
  message = { key, values, kind };
  drawMessage();
}

function drawMessage(): void {
  page.message.textContent = message ? t(message.key, message.values) : "";
  page.message.classList.toggle("status--error", message?.kind === "error");
}

const ministryCountry = (): CountryCode | undefined => (key?.role.kind === "ministry" ? key.role.country : undefined);

function fillCountries(): void {
  const selected = page.country.value || new URLSearchParams(location.search).get("country")?.toUpperCase() || "all";
  page.country.replaceChildren(
    h("option", { value: "all" }, t("filter.all")),
    ...(Object.keys(COUNTRIES) as CountryCode[]).map((code) => h("option", { value: code }, localized(COUNTRIES[code]))),
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
      void act((signer) => signer.suspend(target.id, reason));
    },
    reinstate: (target) => void act((signer) => signer.reinstate(target.id)),
  };
}

function draw(): void {
  page.accredit.hidden = ministryCountry() === undefined;
  page.country.disabled = ministryCountry() !== undefined;
  drawMessage();
  drawKeyStatus();
  if (!overview) return;
  const checkpoint = overview.index.checkpoint;
  page.indexStatus.textContent = checkpoint ? t("index.asOf", { block: checkpoint.number, time: formatTime(checkpoint.timestamp) }) : t("index.empty");
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
    const answer = await fetchOverview(location.href, { country: page.country.value, from: page.from.value, to: page.to.value });
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

/** Signs and sends one registry transaction with the open key, then shows the figures with it. */
async function act(send: (signer: MinistryKey) => Promise<number>): Promise<void> {
  if (!key) return;
  say("action.sending");
  try {
    const block = await send(key);
    say("action.done", { block });
  } catch (error) {
    say("action.failed", { message: failureOf(error) }, "error");
  }
  await load();
}

function drawKeyStatus(): void {
  page.keyForm.hidden = key !== undefined;
  page.keyClose.hidden = key === undefined;
  if (!key) return;
  const role = key.role;
  page.keyStatus.replaceChildren(
    ...(role.kind === "ministry"
      ? withIsolated("key.ministry", "address", key.address, { country: countryName(role.country) })
      : withIsolated(role.kind === "authority" ? "key.authority" : "key.notMinistry", "address", key.address)),
  );
}

async function openKey(): Promise<void> {
  const file = page.keystore.files?.[0];
  if (!file || !page.password.value) return say("key.missing", {}, "error");
  const settings = await config;
  if (!settings) return say("config.failed", {}, "error");
  say("key.decrypting");
  try {
    key = await MinistryKey.open(await file.text(), page.password.value, settings);
    message = undefined;
  } catch {
    return say("key.wrongPassword", {}, "error");
  } finally {
    // The password is not kept in the page once used.
    page.password.value = "";
  }
  if (key.role.kind === "ministry") page.country.value = key.role.country;
  if (key.role.kind === "authority") page.country.value = "all";
  await load();
}

page.keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void openKey();
});

page.keyClose.addEventListener("click", () => {
  key = undefined;
  page.keystore.value = "";
  page.keyStatus.textContent = "";
  draw();
});

page.filters.addEventListener("submit", (event) => {
  event.preventDefault();
  void load();
});

page.accreditForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const operator = page.operator.value.trim();
  const names = { ar: page.nameAr.value.trim(), en: page.nameEn.value.trim(), fr: page.nameFr.value.trim() };
  const url = page.url.value.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(operator) || !names.ar || !names.en || !names.fr || !url) return say("accredit.invalid", {}, "error");
  void act(async (signer) => {
    const block = await signer.accredit(operator, names, url);
    page.accreditForm.reset();
    return block;
  });
});

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
void load();
