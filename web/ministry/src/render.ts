import { COUNTRIES, REVOCATION_REASONS, isCountryCode } from "../../../core";
import { h } from "../../v/src/dom";
import type { Child } from "../../v/src/dom";
import { formatDay, formatNumber, formatTime, localized, t, withIsolated } from "./i18n";
import type { Anomaly, Overview, UniversityFigures } from "./overview";

/** What a university card offers the ministry of its country, when its key is open. */
export interface UniversityActions {
  suspend(university: UniversityFigures, reason: string): void;
  reinstate(university: UniversityFigures): void;
}

export const countryName = (code: string): string => (isCountryCode(code) ? localized(COUNTRIES[code]) : code);

/** A data table; on a narrow screen it scrolls inside its wrapper instead of widening the page. */
function table(headers: string[], rows: Child[][]): HTMLElement {
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "table" },
      h("thead", {}, h("tr", {}, ...headers.map((header) => h("th", { scope: "col" }, header)))),
      h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((cell) => h("td", {}, cell))))),
    ),
  );
}

const orEmpty = (rows: Child[][], headers: string[], empty: string): HTMLElement =>
  rows.length === 0 ? h("p", { class: "empty" }, empty) : table(headers, rows);

function history(university: UniversityFigures): HTMLElement {
  return h(
    "ol",
    { class: "history" },
    ...university.accreditation.map((interval) =>
      h(
        "li",
        {
          class: "history__item",
          ...(interval.suspensionReason === undefined ? {} : { "data-suspension-reason": interval.suspensionReason }),
        },
        interval.until === 0
          ? t("university.interval.open", { from: formatDay(interval.from) })
          : t("university.interval.closed", { from: formatDay(interval.from), until: formatDay(interval.until) }),
        ...(interval.suspensionReason === undefined
          ? []
          : [" — ", ...withIsolated("university.interval.suspended", "reason", interval.suspensionReason)]),
      ),
    ),
  );
}

function actionsFor(university: UniversityFigures, actions: UniversityActions): HTMLElement {
  if (university.state === "suspended") {
    const button = h(
      "button",
      { type: "button", class: "button button--secondary", "data-action": "reinstate" },
      t("action.reinstate"),
    );
    button.addEventListener("click", () => actions.reinstate(university));
    return h("div", { class: "card__actions" }, button);
  }
  const id = `reason-${university.id}`;
  const input = h("input", { id, class: "input", type: "text", maxlength: "200", required: "", autocomplete: "off" });
  const form = h(
    "form",
    { class: "card__actions suspend-form", "data-action": "suspend", novalidate: "" },
    h("label", { for: id, class: "field-label" }, t("action.reason")),
    h(
      "div",
      { class: "code-row" },
      input,
      h("button", { type: "submit", class: "button button--danger" }, t("action.suspend")),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    actions.suspend(university, input.value.trim());
  });
  return form;
}

/** A card per university: state, figures of the period, accreditation history, and the ministry's actions. */
export function universityCards(
  overview: Overview,
  actionsFor_: (university: UniversityFigures) => UniversityActions | undefined,
): HTMLElement {
  if (overview.universities.length === 0) return h("p", { class: "empty" }, t("universities.empty"));
  return h(
    "ul",
    { class: "cards" },
    ...overview.universities.map((university) => {
      const actions = actionsFor_(university);
      return h(
        "li",
        { class: "card", "data-university-id": String(university.id), "data-state": university.state },
        h(
          "div",
          { class: "card__head" },
          h("h3", { class: "card__title" }, localized(university.names)),
          h("span", { class: `badge badge--${university.state}` }, t(`state.${university.state}`)),
        ),
        h(
          "p",
          { class: "card__meta" },
          `${t("university.id", { id: university.id })} · ${countryName(university.country)} · `,
          h("bdi", { class: "code" }, university.operator),
        ),
        h(
          "p",
          { class: "card__figures" },
          t("university.figures", {
            certificates: formatNumber(university.certificates),
            batches: formatNumber(university.batches),
            revoked: formatNumber(university.revokedCertificates),
          }),
        ),
        h("h4", { class: "card__subtitle" }, t("university.history")),
        history(university),
        actions ? actionsFor(university, actions) : null,
      );
    }),
  );
}

function anomalyText(anomaly: Anomaly, name: (id: number) => string): string {
  const university = name(anomaly.universityId);
  switch (anomaly.kind) {
    case "anchoring-burst":
      return t("anomaly.anchoring-burst", {
        university,
        certificates: formatNumber(anomaly.certificates),
        day: formatDay(Date.parse(`${anomaly.day}T00:00:00Z`) / 1000),
        median: formatNumber(anomaly.baselineMedian),
      });
    case "revocation-rate":
      return t("anomaly.revocation-rate", {
        university,
        revoked: formatNumber(anomaly.revoked),
        anchored: formatNumber(anomaly.anchored),
        rate: formatNumber(anomaly.rate, { style: "percent", maximumFractionDigits: 1 }),
      });
    case "anchors-before-suspension":
      return t("anomaly.anchors-before-suspension", {
        university,
        certificates: formatNumber(anomaly.certificates),
        duration: formatNumber(Math.max(1, Math.ceil((anomaly.suspendedAt - anomaly.firstAnchoredAt) / 3600)), {
          style: "unit",
          unit: "hour",
          unitDisplay: "long",
        }),
        time: formatTime(anomaly.suspendedAt),
      });
  }
}

export function anomalyList(overview: Overview, name: (id: number) => string): HTMLElement {
  if (overview.anomalies.length === 0) return h("p", { class: "empty" }, t("anomalies.empty"));
  return h(
    "ul",
    { class: "flags" },
    ...overview.anomalies.map((anomaly) =>
      h("li", { class: "flag", "data-anomaly": anomaly.kind }, anomalyText(anomaly, name)),
    ),
  );
}

export function revocationTable(overview: Overview, name: (id: number) => string): HTMLElement {
  const rows = overview.revocations.map((row) => [
    name(row.universityId),
    localized(REVOCATION_REASONS[row.reason]),
    formatNumber(row.certificates),
    `${formatNumber(row.batches)} (${formatNumber(row.certificatesInBatches)})`,
  ]);
  return orEmpty(
    rows,
    [t("chart.university"), t("revocations.reason"), t("revocations.certificates"), t("revocations.batches")],
    t("revocations.empty"),
  );
}

export function suspensionTable(overview: Overview, name: (id: number) => string): HTMLElement {
  const rows = overview.suspensions.map((row) => [
    name(row.universityId),
    formatTime(row.suspendedAt),
    h("bdi", {}, row.reason),
    row.reinstatedAt === 0 ? t("suspensions.still") : formatTime(row.reinstatedAt),
  ]);
  return orEmpty(
    rows,
    [t("chart.university"), t("suspensions.when"), t("suspensions.reason"), t("suspensions.reinstated")],
    t("suspensions.empty"),
  );
}

export function keyTable(overview: Overview, name: (id: number) => string): HTMLElement {
  const rows = overview.keys.map((key) => [
    name(key.universityId),
    h("bdi", { class: "code" }, key.key),
    [
      key.validUntil === 0
        ? t("keys.open", { from: formatDay(key.validFrom) })
        : t("keys.closed", { from: formatDay(key.validFrom), until: formatDay(key.validUntil) }),
      key.revokedAt === 0 ? "" : ` — ${t("keys.revoked", { time: formatDay(key.revokedAt) })}`,
    ].join(""),
  ]);
  return orEmpty(rows, [t("chart.university"), t("keys.key"), t("keys.window")], t("keys.empty"));
}
