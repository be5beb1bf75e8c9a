import { h } from "../../v/src/dom";
import type { Child } from "../../v/src/dom";

/** A data table with column headers; wide tables scroll inside their wrapper on small screens. */
export function table(headers: string[], rows: Child[][], caption?: string): HTMLTableElement {
  return h(
    "table",
    { class: "table" },
    caption ? h("caption", { class: "visually-hidden" }, caption) : null,
    h("thead", {}, h("tr", {}, ...headers.map((header) => h("th", { scope: "col" }, header)))),
    h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((cell) => h("td", {}, cell))))),
  );
}

export function button(
  label: string,
  onClick: () => void,
  attributes: Record<string, string> = {},
  variant = "button--small",
): HTMLButtonElement {
  const element = h("button", { type: "button", class: `button ${variant}`, ...attributes }, label);
  element.addEventListener("click", onClick);
  return element;
}
