import "./bulk.css";
import { FIELDS, cellsOf, columnTitle, verdictRecord } from "./bulk-record";
import type { Pending, RowStatus, VerdictRecord } from "./bulk-record";
import { csvOf } from "./bulk-csv";
import { byId, downloadBlob, h, icon, onDroppedFiles } from "./dom";
import type { IconName } from "./dom";
import { t } from "./i18n";
import type { Outcome } from "./outcome";
import { outcomeOf } from "./verifier";
import type { Verifier } from "./verifier";

/**
 * Bulk verification, for employers: many files, codes or links, each verified exactly as the
 * single-certificate view verifies one, a few at a time, into a table of verdicts that can be
 * downloaded as CSV. Nothing leaves the browser but what a single verification sends.
 */

/** Verifications running at once: enough to overlap the chain's and the server's round trips. */
const CONCURRENCY = 4;
/** Screen readers hear the progress at most this often (and when the work is done). */
const ANNOUNCE_EVERY_MS = 2_000;

type Input = { kind: "file"; file: File } | { kind: "code"; text: string };

interface Row {
  name: string;
  input: Input;
  result: Outcome | Pending;
}

const TONES: Record<RowStatus, IconName | undefined> = {
  VALID: "valid",
  INVALID: "invalid",
  REVOKED: "revoked",
  CANNOT_CHECK: "cannot-check",
  PROBLEM: "problem",
  WAITING: undefined,
  CHECKING: undefined,
  CANCELLED: "skipped",
};

export interface BulkVerification {
  /** Adds files to the table and brings it into view. */
  verifyFiles(files: FileList): void;
  /** Redraws what the section shows in the page's current language. */
  redraw(): void;
}

export function setUpBulkVerification(verifier: Promise<Verifier | undefined>): BulkVerification {
  const page = {
    dropZone: byId("bulk-drop-zone", HTMLDivElement),
    fileInput: byId("bulk-file-input", HTMLInputElement),
    codeForm: byId("bulk-code-form", HTMLFormElement),
    codes: byId("bulk-codes", HTMLTextAreaElement),
    run: byId("bulk-run", HTMLDivElement),
    progress: byId("bulk-progress", HTMLParagraphElement),
    progressBar: byId("bulk-progress-bar", HTMLProgressElement),
    cancel: byId("bulk-cancel", HTMLButtonElement),
    download: byId("bulk-download", HTMLButtonElement),
    clear: byId("bulk-clear", HTMLButtonElement),
    results: byId("bulk-results", HTMLDivElement),
  };

  let rows: Row[] = [];
  /** The next row to start; rows before it have started (or were cancelled). */
  let next = 0;
  let running = 0;
  const shownRows = new Map<Row, HTMLTableRowElement>();
  let body: HTMLTableSectionElement | undefined;
  let lastAnnounced = 0;
  let announceTimer: ReturnType<typeof setTimeout> | undefined;

  const records = (): VerdictRecord[] => rows.map((row) => verdictRecord(row.name, row.result));
  const pending = (row: Row): boolean => row.result === "WAITING" || row.result === "CHECKING";
  const settled = (): number => rows.filter((row) => !pending(row)).length;
  const busy = (): boolean => rows.some(pending);

  function tableRow(record: VerdictRecord): HTMLTableRowElement {
    const tone = TONES[record.status];
    const verdict = h(
      "span",
      { class: `bulk__verdict bulk__verdict--${record.status.toLowerCase()}` },
      tone && icon(tone),
      record.verdict,
    );
    const attributes: Record<string, string> = { role: "row", "data-status": record.status };
    if (record.problem) attributes["data-problem"] = record.problem;
    if (record.failed.length > 0) attributes["data-failed"] = record.failed.join(" ");
    return h(
      "tr",
      attributes,
      h("th", { scope: "row", role: "rowheader", class: "bulk__input" }, h("span", { dir: "auto" }, record.input)),
      ...FIELDS.filter((field) => field !== "input").map((field) =>
        h(
          "td",
          { role: "cell", class: `bulk__${field}`, "data-label": columnTitle(field) },
          field === "verdict" ? verdict : record[field] && h("span", { dir: "auto" }, record[field]),
        ),
      ),
    );
  }

  /** The whole table, as after a language switch; rows then change one by one. */
  function drawTable(): void {
    shownRows.clear();
    page.run.hidden = rows.length === 0;
    if (rows.length === 0) {
      body = undefined;
      page.results.replaceChildren();
      return;
    }
    body = h("tbody", { role: "rowgroup" });
    for (const row of rows) drawRow(row);
    const head = h(
      "thead",
      { role: "rowgroup" },
      h(
        "tr",
        { role: "row" },
        ...FIELDS.map((field) => h("th", { scope: "col", role: "columnheader" }, columnTitle(field))),
      ),
    );
    const table = h("table", { class: "bulk__table", role: "table" }, h("caption", {}, t("bulk.caption")), head, body);
    page.results.replaceChildren(table);
    drawProgress(true);
  }

  /** Replaces the row's line in the table, or adds it at the end. */
  function drawRow(row: Row): void {
    const shown = shownRows.get(row);
    const tr = tableRow(verdictRecord(row.name, row.result));
    if (shown) shown.replaceWith(tr);
    else body?.append(tr);
    shownRows.set(row, tr);
  }

  /** The bar follows every row; the words (a live region) are updated now and then, and at the end. */
  function drawProgress(now = false): void {
    const done = settled();
    page.progressBar.max = Math.max(rows.length, 1);
    page.progressBar.value = done;
    const working = busy();
    if (page.cancel.hidden === working) {
      if (!working && document.activeElement === page.cancel) page.download.focus();
      page.cancel.hidden = !working;
    }
    const announce = (): void => {
      announceTimer = undefined;
      lastAnnounced = performance.now();
      page.progress.textContent = t("bulk.progress", { done: settled(), total: rows.length });
    };
    clearTimeout(announceTimer);
    const wait = ANNOUNCE_EVERY_MS - (performance.now() - lastAnnounced);
    if (now || !working || wait <= 0) announce();
    else announceTimer = setTimeout(announce, wait);
  }

  async function check(row: Row): Promise<void> {
    row.result = "CHECKING";
    drawRow(row);
    const input = row.input;
    const outcome = await outcomeOf(verifier, (ready) =>
      input.kind === "file" ? ready.checkFile(input.file, () => {}) : ready.checkTypedCode(input.text, () => {}),
    );
    // Cancelled or cleared meanwhile: the row already says so.
    if (row.result !== "CHECKING") return;
    row.result = outcome;
    drawRow(row);
  }

  /** Starts waiting rows while fewer than CONCURRENCY run; one row's failure is its own outcome. */
  function pump(): void {
    while (running < CONCURRENCY && next < rows.length) {
      const row = rows[next++];
      if (row?.result !== "WAITING") continue;
      running++;
      void check(row).finally(() => {
        running--;
        pump();
      });
    }
    drawProgress();
    if (!busy() && rows.length > 0) performance.mark("tasdiq:bulk-done");
  }

  function add(inputs: Row[]): void {
    if (inputs.length === 0) return;
    // User Timing marks: bench/verify-bulk reads how long the table took to complete.
    if (!busy()) performance.mark("tasdiq:bulk-start");
    rows.push(...inputs);
    if (!body) drawTable();
    else for (const row of inputs) drawRow(row);
    pump();
  }

  function stopWaiting(): void {
    for (const row of rows) {
      if (pending(row)) {
        row.result = "CANCELLED";
        drawRow(row);
      }
    }
    next = rows.length;
  }

  const addFiles = (files: FileList | null | undefined): void =>
    add(Array.from(files ?? [], (file) => ({ name: file.name, input: { kind: "file", file }, result: "WAITING" })));

  page.fileInput.addEventListener("change", () => {
    addFiles(page.fileInput.files);
    page.fileInput.value = "";
  });
  onDroppedFiles(page.dropZone, addFiles);

  page.codeForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const lines = page.codes.value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "");
    if (lines.length === 0) {
      page.codes.focus();
      return;
    }
    page.codes.value = "";
    add(lines.map((text) => ({ name: text, input: { kind: "code", text }, result: "WAITING" })));
  });

  page.cancel.addEventListener("click", () => {
    stopWaiting();
    drawProgress(true);
  });

  page.clear.addEventListener("click", () => {
    stopWaiting();
    rows = [];
    next = 0;
    drawTable();
    page.codes.focus();
  });

  page.download.addEventListener("click", () => {
    const csv = csvOf(FIELDS.map(columnTitle), records().map(cellsOf));
    const name = `tasdiq-verdicts-${new Date().toISOString().slice(0, 10)}.csv`;
    downloadBlob(new Blob([csv], { type: "text/csv;charset=utf-8" }), name);
  });

  return {
    verifyFiles(files) {
      addFiles(files);
      page.run.scrollIntoView({ block: "start" });
    },
    redraw: drawTable,
  };
}
