import { Credential, verdictOf } from "../../../core";
import type { Fragment, VerificationPack } from "../../../core";
import { moment } from "./dates";
import { downloadBlob, h } from "./dom";
import type { Child } from "./dom";
import { t, verdictTitle } from "./i18n";
import type { Outcome, PackOutcome } from "./outcome";
import { CHECKPOINT_PATTERN } from "./pack";
import { code, dates, facts, panel } from "./render-details";
import type { Fact } from "./render-details";
import "./pack.css";

/** Checks a pack again against the trusted block hash the user gave. */
export type OnCheckpoint = (pack: VerificationPack, checkpoint: string) => void;

const credentialNumber = (credential: Credential): string => credential.id.replace(/^urn:tasdiq:credential:/, "");

/**
 * "Download verification pack" for a VALID or REVOKED credential: the pack is made here, through the
 * page's own chain nodes, so whoever keeps it can verify the certificate later with no network.
 */
export function packDownload(outcome: Extract<Outcome, { kind: "checked" }>): HTMLElement | undefined {
  const { makePack } = outcome;
  const credential = Credential.safeParse(outcome.document);
  const verdict = verdictOf(outcome.fragments);
  if (!makePack || !credential.success || (verdict !== "VALID" && verdict !== "REVOKED")) return undefined;
  const status = h("p", { class: "hint", role: "status" });
  const button = h("button", { type: "button", class: "button button--secondary" }, t("pack.download.button"));
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    status.textContent = t("pack.download.busy");
    makePack()
      .then(
        (pack) => {
          const file = new Blob([`${JSON.stringify(pack, null, 2)}\n`], { type: "application/json" });
          downloadBlob(file, `${credentialNumber(credential.data)}-pack.json`);
          status.textContent = t("pack.download.done");
        },
        () => (status.textContent = t("pack.download.failed")),
      )
      .finally(() => button.removeAttribute("aria-disabled"));
  });
  return panel(
    "panel-pack-download",
    "pack.download.title",
    h("p", { class: "hint" }, t("pack.download.hint")),
    button,
    status,
  );
}

/** The form taking a trusted block hash; a malformed one is refused here, saying what is expected. */
function checkpointForm(outcome: PackOutcome, onCheckpoint: OnCheckpoint): HTMLFormElement {
  const number = String(outcome.block.number);
  const input = h("input", {
    id: "pack-checkpoint",
    class: "text-input",
    type: "text",
    dir: "ltr",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    "aria-describedby": "pack-checkpoint-hint",
  });
  if (outcome.checkpoint && !outcome.checkpoint.published) input.value = outcome.checkpoint.hash;
  const error = h(
    "p",
    { id: "pack-checkpoint-error", class: "pack__error", hidden: "" },
    t("pack.checkpoint.malformed"),
  );
  const form = h(
    "form",
    { class: "pack__form", novalidate: "" },
    h("label", { for: "pack-checkpoint", class: "field-label" }, t("pack.checkpoint.label", { number })),
    h("p", { id: "pack-checkpoint-hint", class: "hint" }, t("pack.checkpoint.hint", { number })),
    h(
      "div",
      { class: "code-row" },
      input,
      h("button", { type: "submit", class: "button" }, t("pack.checkpoint.submit")),
    ),
    error,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const checkpoint = input.value.trim();
    const malformed = !CHECKPOINT_PATTERN.test(checkpoint);
    error.hidden = !malformed;
    input.setAttribute("aria-invalid", String(malformed));
    input.setAttribute(
      "aria-describedby",
      malformed ? "pack-checkpoint-hint pack-checkpoint-error" : "pack-checkpoint-hint",
    );
    if (malformed) input.focus();
    else onCheckpoint(outcome.pack, checkpoint);
  });
  return form;
}

/** The pack's block, what it was checked against, and the form to check it with no network. */
export function packPanel(outcome: PackOutcome, onCheckpoint: OnCheckpoint): HTMLElement {
  const { block, checkpoint } = outcome;
  const list: Fact[] = [["pack.block", code(String(block.number))]];
  if (block.time !== undefined) list.push(["pack.blockDate", dates(moment(block.time))]);
  const number = String(block.number);
  const against: Child[] = checkpoint
    ? checkpoint.published
      ? [t("pack.against.published", { number })]
      : [t("pack.against.given"), " ", code(checkpoint.hash)]
    : outcome.atPack
      ? [t("pack.against.nodes", { number })]
      : [];
  return panel(
    "panel-pack",
    "pack.title",
    facts(list),
    against.length > 0 && h("p", { class: "hint pack__against" }, ...against),
    checkpointForm(outcome, onCheckpoint),
  );
}

/** Under the verdict: the block it is "as of", when the verdict is the pack's own. */
export function packAsOf(outcome: PackOutcome): string {
  const number = String(outcome.block.number);
  const when = outcome.block.time === undefined ? "" : moment(outcome.block.time).gregorian;
  return outcome.checkpoint ? t("pack.asOf", { number, date: when }) : t("pack.today", { number });
}

/**
 * What changed between the pack's block and today. When the verdict shown is the pack's: nothing,
 * unknown (the chain cannot be read), or today's verdict (a revocation since the pack); when it is
 * today's, the pack's verdict if it differs.
 */
export function packSince(outcome: PackOutcome): { changed: Fragment[] } | { note: string } | undefined {
  const { atPack } = outcome;
  if (!atPack) return undefined;
  const number = String(outcome.block.number);
  const now = "fragments" in outcome.now ? outcome.now.fragments : undefined;
  if (!outcome.checkpoint)
    return now && verdictOf(now) !== verdictOf(atPack)
      ? { note: t("pack.atPack", { number, verdict: verdictTitle(verdictOf(atPack)) }) }
      : undefined;
  if (!now || verdictOf(now) === "CANNOT_CHECK") return { note: t("pack.since.unknown", { number }) };
  if (verdictOf(now) === verdictOf(atPack)) return { note: t("pack.since.same", { number }) };
  return { changed: now };
}

/** The title of today's verdict when it differs from the pack's. */
export const sinceTitle = (now: readonly Fragment[]): string =>
  t("pack.since.changed", { verdict: verdictTitle(verdictOf(now)) });
