import { h } from "../../v/src/dom";
import { formatMonth, formatNumber, t } from "./i18n";
import type { Overview } from "./overview";

const SVG = "http://www.w3.org/2000/svg";
/** Colours of the series, as classes: the page's CSP allows no inline style. */
const SERIES_COLOURS = 8;
const HEIGHT = 200;
const AXIS = { start: 44, bottom: 28, top: 12 };
const BAR = 14;
const GROUP_GAP = 18;
/** Room for a month's label ("Sept 2026") under its group, and a plot at least this wide when months are few. */
const MIN_GROUP_WIDTH = 68;
const MIN_PLOT_WIDTH = 640;
/** A chart for people, not a time series tool: the most recent months only. */
const MAX_MONTHS = 24;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** 0, then a round step so that about four gridlines cover `max`. */
function gridlines(max: number): number[] {
  const rough = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

type MonthlyRow = Overview["anchoring"][number];
type NameOf = (universityId: number) => string;

/** The chart's geometry: the value axis (its gridlines, the height of a value) and each month's width. */
interface Scale {
  lines: number[];
  y(value: number): number;
  groupWidth: number;
  width: number;
}

function scaleOf(rows: readonly MonthlyRow[], months: readonly string[], universities: readonly number[]): Scale {
  const lines = gridlines(Math.max(...rows.map((row) => row.certificates)));
  const top = lines.at(-1) as number;
  const plot = HEIGHT - AXIS.bottom - AXIS.top;
  const groupWidth = Math.max(
    universities.length * BAR + GROUP_GAP,
    MIN_GROUP_WIDTH,
    Math.floor(MIN_PLOT_WIDTH / months.length),
  );
  return {
    lines,
    y: (value) => AXIS.top + plot - (value / top) * plot,
    groupWidth,
    width: AXIS.start + months.length * groupWidth + 8,
  };
}

/** The gridlines, each with its value at the start of the axis. */
function valueAxis({ lines, y, width }: Scale): SVGElement[] {
  return lines.flatMap((value) => [
    svg("line", { class: "chart__grid", x1: AXIS.start, x2: width, y1: y(value), y2: y(value) }),
    svg(
      "text",
      { class: "chart__tick", x: AXIS.start - 6, y: y(value) + 4, "text-anchor": "end" },
      formatNumber(value),
    ),
  ]);
}

/** A month's label and its bars, one per university that anchored in it, in the middle of its group. */
function monthGroup(
  month: string,
  index: number,
  rows: readonly MonthlyRow[],
  universities: readonly number[],
  { y, groupWidth }: Scale,
  universityName: NameOf,
): SVGElement[] {
  const x0 = AXIS.start + index * groupWidth + (groupWidth - universities.length * BAR) / 2;
  const label = svg(
    "text",
    { class: "chart__tick", x: x0 + (universities.length * BAR) / 2, y: HEIGHT - 8, "text-anchor": "middle" },
    formatMonth(month),
  );
  const bars = universities.flatMap((id, u) => {
    const row = rows.find((r) => r.month === month && r.universityId === id);
    if (!row) return [];
    return svg(
      "rect",
      {
        class: `chart__bar series-${u % SERIES_COLOURS}`,
        x: x0 + u * BAR,
        y: y(row.certificates),
        width: BAR - 2,
        height: Math.max(1, y(0) - y(row.certificates)),
        "data-university": id,
        "data-month": month,
        "data-certificates": row.certificates,
      },
      svg("title", {}, `${universityName(id)} — ${formatMonth(month)}: ${formatNumber(row.certificates)}`),
    );
  });
  return [label, ...bars];
}

function barChart(
  rows: readonly MonthlyRow[],
  months: readonly string[],
  universities: readonly number[],
  universityName: NameOf,
): SVGSVGElement {
  const scale = scaleOf(rows, months, universities);
  const chart = svg("svg", {
    class: "chart__svg",
    viewBox: `0 0 ${scale.width} ${HEIGHT}`,
    width: scale.width,
    height: HEIGHT,
    role: "img",
    "aria-label": t("chart.label"),
  });
  chart.append(...valueAxis(scale));
  months.forEach((month, m) => chart.append(...monthGroup(month, m, rows, universities, scale, universityName)));
  return chart;
}

function legend(universities: readonly number[], universityName: NameOf): HTMLElement {
  return h(
    "ul",
    { class: "legend" },
    ...universities.map((id, u) =>
      h(
        "li",
        { class: "legend__item" },
        h("span", { class: `legend__swatch series-${u % SERIES_COLOURS}`, "aria-hidden": "true" }),
        universityName(id),
      ),
    ),
  );
}

/** The chart's figures as a table, for screen readers and for copying. */
function figuresTable(rows: readonly MonthlyRow[], universityName: NameOf): HTMLElement {
  return h(
    "table",
    { class: "table", "data-figures": "anchoring" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...[t("chart.month"), t("chart.university"), t("chart.batches"), t("chart.certificates")].map((label) =>
          h("th", { scope: "col" }, label),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      ...rows.map((row) =>
        h(
          "tr",
          { "data-university": String(row.universityId), "data-month": row.month },
          h("td", {}, formatMonth(row.month)),
          h("td", {}, universityName(row.universityId)),
          h("td", { class: "number" }, formatNumber(row.batches)),
          h("td", { class: "number", "data-certificates": String(row.certificates) }, formatNumber(row.certificates)),
        ),
      ),
    ),
  );
}

/**
 * Certificates anchored per university per month: a grouped bar chart drawn as inline SVG, a legend,
 * and the same figures as a table. Time runs left to right in every language, as on printed Arabic
 * charts.
 */
export function anchoringChart(overview: Overview, universityName: NameOf): HTMLElement {
  const months = [...new Set(overview.anchoring.map((row) => row.month))].sort().slice(-MAX_MONTHS);
  if (months.length === 0) return h("p", { class: "empty" }, t("chart.empty"));
  const rows = overview.anchoring.filter((row) => months.includes(row.month));
  const universities = [...new Set(rows.map((row) => row.universityId))].sort((a, b) => a - b);
  return h(
    "figure",
    { class: "chart" },
    h("div", { class: "chart__scroll", dir: "ltr" }, barChart(rows, months, universities, universityName)),
    legend(universities, universityName),
    h(
      "details",
      { class: "chart__details" },
      h("summary", {}, t("chart.table")),
      h("div", { class: "table-scroll" }, figuresTable(rows, universityName)),
    ),
  );
}
