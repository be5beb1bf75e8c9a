import { Credential, REASON_MESSAGES, REVOCATION_REASONS, issuerRecordOf, verdictOf } from "../../../core";
import type { CredentialSource, Fragment, RevocationReason, Verdict } from "../../../core";
import { inWords, moment } from "./dates";
import { h, icon } from "./dom";
import type { Child, IconName } from "./dom";
import { anchoringOf, revocationOf } from "./fragment-data";
import { holderPanel } from "./holder";
import { checkLabel, localized, t, verdictTitle } from "./i18n";
import { anchorPanel, certificatePanel, checksPanel, countryName, issuerPanel } from "./render-details";
import { packAsOf, packDownload, packPanel, packSince, sinceTitle } from "./render-pack";
import type { OnCheckpoint } from "./render-pack";
import type { Outcome, PackOutcome } from "./outcome";
import type { Step } from "./verifier";

const VERDICT_TONES: Record<Verdict, IconName> = {
  VALID: "valid",
  INVALID: "invalid",
  REVOKED: "revoked",
  CANNOT_CHECK: "cannot-check",
};

/** The one thing a visitor must grasp at a glance: colour, icon and words say the same. */
function banner(tone: IconName, title: string, ...details: Child[]): HTMLElement {
  return h(
    "div",
    { class: `verdict verdict--${tone}` },
    icon(tone, "verdict__icon"),
    h("div", { class: "verdict__text" }, h("h2", { class: "verdict__title", tabindex: "-1" }, title), ...details),
  );
}

const paragraph = (text: string): HTMLElement => h("p", { class: "verdict__detail" }, text);

export function revocationReason(code: number): string {
  return code in REVOCATION_REASONS ? localized(REVOCATION_REASONS[code as RevocationReason]) : String(code);
}

/** Under the verdict: what is wrong, in plain words, naming each failed check. */
function verdictDetails(verdict: Verdict, fragments: readonly Fragment[]): Child[] {
  const summary = paragraph(t(`verdict.${verdict}.summary`));
  if (verdict === "INVALID") {
    const failed = fragments.filter((f) => f.status === "INVALID");
    return [
      summary,
      h(
        "ul",
        { class: "verdict__reasons" },
        ...failed.map((f) => h("li", {}, h("strong", {}, `${checkLabel(f.name)}: `), localized(f.reason.message))),
      ),
    ];
  }
  if (verdict === "REVOKED") {
    const revocation = revocationOf(fragments);
    return [
      summary,
      revocation &&
        paragraph(
          t("revoked.detail", {
            date: inWords(moment(revocation.revokedAt)),
            reason: revocationReason(revocation.reason),
          }),
        ),
    ];
  }
  if (verdict === "CANNOT_CHECK") {
    const errors = new Set(fragments.filter((f) => f.status === "ERROR").map((f) => localized(f.reason.message)));
    return [summary, ...[...errors].map(paragraph)];
  }
  return [summary];
}

/** Which mirror served the credential when the university's server did not; nothing otherwise. */
function sourceNote(source: CredentialSource | undefined): Child {
  if (source?.kind !== "mirror") return undefined;
  const whose = source.country
    ? t("source.ministryMirror", { country: countryName(source.country) })
    : t("source.authorityMirror");
  return h(
    "p",
    { class: "source-note", "data-source": "mirror" },
    t("source.mirror", { mirror: whose, url: source.url }),
  );
}

/**
 * A verified credential: `holder` and `pack` are panels shown under the certificate, `asOf` says under
 * the verdict which block it is of, `since` what changed since then (verification packs).
 */
function checkedResult(
  document: unknown,
  fragments: readonly Fragment[],
  {
    source,
    holder,
    pack,
    asOf,
    since,
  }: { source?: CredentialSource; holder?: Child; pack?: Child; asOf?: string; since?: Child },
): { verdict: Verdict; content: Child[] } {
  const verdict = verdictOf(fragments);
  const credential = Credential.safeParse(document);
  const anchoring = anchoringOf(fragments);
  return {
    verdict,
    content: [
      banner(
        VERDICT_TONES[verdict],
        verdictTitle(verdict),
        ...verdictDetails(verdict, fragments),
        asOf && paragraph(asOf),
      ),
      since,
      sourceNote(source),
      credential.success && certificatePanel(credential.data, verdict !== "INVALID"),
      holder,
      pack,
      credential.success && issuerPanel(issuerRecordOf(fragments)),
      anchoring && anchorPanel(anchoring),
      checksPanel(fragments),
    ],
  };
}

/**
 * A verification pack: its verdict at its block (with a checkpoint) or today's, what changed since, and
 * its panel; without a verdict (no checkpoint, the chain unreachable), that a checkpoint is needed.
 */
function packResult(outcome: PackOutcome, onCheckpoint: OnCheckpoint, again: HTMLElement): HTMLElement {
  const panel = packPanel(outcome, onCheckpoint);
  const shown = outcome.checkpoint ? outcome.atPack : "fragments" in outcome.now ? outcome.now.fragments : undefined;
  if (!shown) {
    const problem = "problem" in outcome.now ? outcome.now.problem : "CHAIN_UNREACHABLE";
    const details = [
      paragraph(t("pack.needed.text", { number: String(outcome.block.number) })),
      paragraph(localized(REASON_MESSAGES[problem])),
    ];
    const needed = banner("cannot-check", t("pack.needed.title"), ...details);
    return h("article", { class: "result", "data-problem": "PACK_NEEDS_CHECKPOINT" }, needed, panel, again);
  }
  const change = packSince(outcome);
  const since =
    change &&
    ("note" in change
      ? h("p", { class: "source-note", "data-since": "note" }, change.note)
      : banner(
          VERDICT_TONES[verdictOf(change.changed)],
          sinceTitle(change.changed),
          ...verdictDetails(verdictOf(change.changed), change.changed),
        ));
  const { verdict, content } = checkedResult(outcome.pack.credential, shown, {
    pack: panel,
    asOf: packAsOf(outcome),
    since,
  });
  return h(
    "article",
    { class: "result", "data-verdict": verdict, "data-pack-block": String(outcome.block.number) },
    ...content,
    again,
  );
}

/**
 * Shows an outcome in `container` (a live region) and returns the heading to move focus to. The
 * `data-verdict` / `data-problem` attributes name the outcome for tests and styles.
 */
export function renderOutcome(
  container: HTMLElement,
  outcome: Outcome,
  onAgain: () => void,
  onCheckpoint: OnCheckpoint,
): HTMLElement {
  const again = h("button", { type: "button", class: "button button--secondary again" }, t("again"));
  again.addEventListener("click", onAgain);
  let article: HTMLElement;
  if (outcome.kind === "checked") {
    const { verdict, content } = checkedResult(outcome.document, outcome.fragments, {
      source: outcome.source,
      holder: holderPanel(outcome),
      pack: packDownload(outcome),
    });
    article = h("article", { class: "result", "data-verdict": verdict }, ...content, again);
  } else if (outcome.kind === "pack") {
    article = packResult(outcome, onCheckpoint, again);
  } else if (outcome.kind === "chain") {
    const details = [paragraph(t("verdict.CANNOT_CHECK.summary")), paragraph(localized(REASON_MESSAGES[outcome.code]))];
    article = h(
      "article",
      { class: "result", "data-verdict": "CANNOT_CHECK" },
      banner("cannot-check", verdictTitle("CANNOT_CHECK"), ...details),
      again,
    );
  } else {
    const content = banner("problem", t(`problem.${outcome.code}.title`), paragraph(t(`problem.${outcome.code}.text`)));
    article = h("article", { class: "result", "data-problem": outcome.code }, content, again);
  }
  container.replaceChildren(article);
  return article.querySelector<HTMLElement>(".verdict__title") ?? article;
}

/** The waiting state, naming what the page is busy with. */
export function renderWorking(container: HTMLElement, step: Step): void {
  container.replaceChildren(
    h("p", { class: "working" }, h("span", { class: "spinner", "aria-hidden": "true" }), t(`working.${step}`)),
  );
}
