import { Credential, REASON_MESSAGES, REVOCATION_REASONS, issuerRecordOf, verdictOf } from "../../../core";
import type { CredentialSource, Fragment, RevocationReason, Verdict } from "../../../core";
import { inWords, moment } from "./dates";
import { h, icon } from "./dom";
import type { Child, IconName } from "./dom";
import { anchoringOf, revocationOf } from "./fragment-data";
import { holderPanel } from "./holder";
import { checkLabel, localized, t, verdictTitle } from "./i18n";
import { anchorPanel, certificatePanel, checksPanel, countryName, issuerPanel } from "./render-details";
import type { Outcome } from "./outcome";
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

function checkedResult(
  document: unknown,
  fragments: readonly Fragment[],
  source: CredentialSource | undefined,
  holder: Child,
): { verdict: Verdict; content: Child[] } {
  const verdict = verdictOf(fragments);
  const credential = Credential.safeParse(document);
  const anchoring = anchoringOf(fragments);
  return {
    verdict,
    content: [
      banner(VERDICT_TONES[verdict], verdictTitle(verdict), ...verdictDetails(verdict, fragments)),
      sourceNote(source),
      credential.success && certificatePanel(credential.data, verdict !== "INVALID"),
      holder,
      credential.success && issuerPanel(issuerRecordOf(fragments)),
      anchoring && anchorPanel(anchoring),
      checksPanel(fragments),
    ],
  };
}

/**
 * Shows an outcome in `container` (a live region) and returns the heading to move focus to. The
 * `data-verdict` / `data-problem` attributes name the outcome for tests and styles.
 */
export function renderOutcome(container: HTMLElement, outcome: Outcome, onAgain: () => void): HTMLElement {
  const again = h("button", { type: "button", class: "button button--secondary again" }, t("again"));
  again.addEventListener("click", onAgain);
  let article: HTMLElement;
  if (outcome.kind === "checked") {
    const { verdict, content } = checkedResult(
      outcome.document,
      outcome.fragments,
      outcome.source,
      holderPanel(outcome),
    );
    article = h("article", { class: "result", "data-verdict": verdict }, ...content, again);
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
