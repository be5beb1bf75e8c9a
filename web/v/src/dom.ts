/** A child of {@link h}: nodes and text are appended, absent values skipped. */
export type Child = Node | string | false | null | undefined;

/** Builds an element; text is set as text, never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child !== false && child !== null && child !== undefined) element.append(child);
  }
  return element;
}

export type IconName = "valid" | "invalid" | "revoked" | "cannot-check" | "skipped" | "problem";

const SVG = "http://www.w3.org/2000/svg";

/** A decorative icon from the page's SVG sprite: colour and words carry the meaning too. */
export function icon(name: IconName, className = "icon"): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const use = document.createElementNS(SVG, "use");
  use.setAttribute("href", `#icon-${name}`);
  svg.append(use);
  return svg;
}

export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`missing #${id}`);
  return element;
}

/** Offers `blob` for saving as `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  h("a", { href: url, download: name }).click();
  // Released once the browser has surely read it: revoking at once can cut a download short.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Makes `zone` take dropped files, marked while something is dragged over it. */
export function onDroppedFiles(zone: HTMLElement, take: (files: FileList | undefined) => void): void {
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("input-card--dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("input-card--dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("input-card--dragging");
    take(event.dataTransfer?.files);
  });
}
