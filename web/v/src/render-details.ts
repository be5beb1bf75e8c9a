import { COUNTRIES, DEGREE_LABELS, SUBJECT_FIELDS, isCountryCode } from "../../../core";
import type { Credential, CredentialSubject, Fragment, IssuerRecord } from "../../../core";
import { calendarDate, inWords, moment } from "./dates";
import type { TwoCalendars } from "./dates";
import { h, icon } from "./dom";
import type { Child, IconName } from "./dom";
import type { Anchoring } from "./fragment-data";
import { checkLabel, localized, statusLabel, t } from "./i18n";
import type { MessageKey } from "./i18n";

export type Fact = [label: MessageKey, value: Child];

export function panel(id: string, title: MessageKey, ...content: Child[]): HTMLElement {
  return h(
    "section",
    { class: "panel", "aria-labelledby": id },
    h("h3", { id, class: "panel__title" }, t(title)),
    ...content,
  );
}

export function facts(list: readonly Fact[]): HTMLDListElement {
  return h(
    "dl",
    { class: "facts" },
    ...list.map(([label, value]) => h("div", { class: "fact" }, h("dt", {}, t(label)), h("dd", {}, value))),
  );
}

/** Text written by a university or a ministry: its direction is its own, not the page's. */
const text = (value: string, attributes: Record<string, string> = {}): HTMLElement =>
  h("span", { dir: "auto", ...attributes }, value);
/** Identifiers and hashes read left to right in every language. */
export const code = (value: string): HTMLElement => h("span", { class: "code", dir: "ltr" }, value);

export function dates({ gregorian, hijri }: TwoCalendars): HTMLElement {
  return h(
    "span",
    { class: "dates" },
    h("span", { class: "dates__gregorian" }, gregorian),
    h("span", { class: "dates__hijri" }, hijri),
  );
}

/** A disclosed subject field as the page shows it; nothing when the field is absent. */
function subjectValue(subject: Credential["credentialSubject"], field: keyof CredentialSubject): Child {
  switch (field) {
    case "nameAr":
      return subject.nameAr && text(subject.nameAr, { lang: "ar" });
    case "identifier":
      return subject.identifier && code(subject.identifier);
    case "degree":
      return subject.degree && localized(DEGREE_LABELS[subject.degree]);
    case "programme":
      return subject.programme && text(localized(subject.programme));
    case "graduationDate":
      return subject.graduationDate && dates(calendarDate(subject.graduationDate));
    default:
      return subject[field] && text(subject[field]);
  }
}

function subjectFact(credential: Credential, field: keyof CredentialSubject): Fact | undefined {
  const value = subjectValue(credential.credentialSubject, field);
  if (value) return [`field.${field}`, value];
  if (credential.proof.hidden[`credentialSubject.${field}`])
    return [`field.${field}`, h("span", { class: "withheld" }, t("field.hidden"))];
  return undefined;
}

/** The certificate as it states itself: what the employer compares with the paper. */
export function certificatePanel(credential: Credential, trusted: boolean): HTMLElement {
  const subject = SUBJECT_FIELDS.map((field) => subjectFact(credential, field)).filter((fact) => fact !== undefined);
  const validity: Fact[] = [["field.validFrom", dates(moment(credential.validFrom))]];
  if (credential.validUntil) validity.push(["field.validUntil", dates(moment(credential.validUntil))]);
  return panel(
    "panel-certificate",
    "certificate.title",
    !trusted && h("p", { class: "panel__warning" }, icon("problem"), t("certificate.untrusted")),
    facts([
      ...subject,
      ...validity,
      ["field.credentialId", code(credential.id.replace(/^urn:tasdiq:credential:/, ""))],
    ]),
  );
}

export function countryName(country: string): string {
  return isCountryCode(country) ? localized(COUNTRIES[country]) : country;
}

/** Whether the university is accredited today; a suspension says that earlier certificates stand. */
function standing({ university, suspendedSince }: IssuerRecord): HTMLElement {
  if (university.accredited) return h("span", { class: "standing" }, t("issuer.standing.accredited"));
  const words =
    suspendedSince === undefined
      ? t("issuer.standing.notAccredited")
      : t("issuer.standing.suspended", { date: inWords(moment(suspendedSince)) });
  return h("span", { class: "standing standing--suspended" }, words);
}

/**
 * The issuer as the registry records it, with its standing today; never as the certificate names it,
 * so a forged name can only ever appear beside a failed check, in the certificate's own panel.
 */
export function issuerPanel(record: IssuerRecord | undefined): HTMLElement {
  if (!record)
    return panel(
      "panel-issuer",
      "issuer.title",
      h("p", { class: "panel__warning" }, icon("problem"), t("issuer.unconfirmed")),
    );
  const list: Fact[] = [
    ["issuer.university", text(localized(record.university.names))],
    ["issuer.country", countryName(record.university.country)],
  ];
  if (record.ministry) list.push(["issuer.ministry", text(localized(record.ministry.names))]);
  if (record.accreditedSince) list.push(["issuer.accreditedSince", dates(moment(record.accreditedSince))]);
  list.push(["issuer.standing", standing(record)]);
  return panel("panel-issuer", "issuer.title", facts(list));
}

/** When and where the batch was recorded on chain. */
export function anchorPanel(anchoring: Anchoring): HTMLElement {
  const list: Fact[] = [["anchor.anchoredAt", dates(moment(anchoring.anchoredAt))]];
  if (anchoring.blockNumber !== undefined) list.push(["anchor.block", code(String(anchoring.blockNumber))]);
  if (anchoring.transactionHash) list.push(["anchor.transaction", code(anchoring.transactionHash)]);
  list.push(["anchor.network", code(String(anchoring.chainId))], ["anchor.count", code(String(anchoring.count))]);
  return panel("panel-anchor", "anchor.title", facts(list));
}

const STATUS_ICONS: Record<Fragment["status"], IconName> = {
  VALID: "valid",
  INVALID: "invalid",
  SKIPPED: "skipped",
  ERROR: "cannot-check",
};

/** Every named check with its status and message, in the order core runs them. */
export function checksPanel(fragments: readonly Fragment[]): HTMLElement {
  const items = fragments.map((fragment) =>
    h(
      "li",
      {
        class: `check check--${fragment.status.toLowerCase()}`,
        "data-check": fragment.name,
        "data-status": fragment.status,
      },
      icon(STATUS_ICONS[fragment.status], "icon check__icon"),
      h(
        "div",
        { class: "check__body" },
        h(
          "p",
          { class: "check__head" },
          h("span", { class: "check__name" }, checkLabel(fragment.name)),
          h("span", { class: "check__status" }, statusLabel(fragment.status)),
        ),
        h("p", { class: "check__message" }, localized(fragment.reason.message)),
        h("p", { class: "check__code" }, h("span", { dir: "ltr" }, `${fragment.name} · ${fragment.reason.code}`)),
      ),
    ),
  );
  return panel("panel-checks", "checks.title", h("ol", { class: "checks" }, ...items));
}
