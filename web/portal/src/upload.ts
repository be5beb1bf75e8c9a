import type { BulkIssueAnswer, CellError, CertificatePage } from "../../../core/api";
import { byId, h } from "../../v/src/dom";
import { ApiFailure, download, errorMessage, requestJson } from "./api";
import { dataRowCount, parseCsv } from "./csv";
import { onSubmit } from "./forms";
import { formatNumber, localized, t } from "./i18n";
import { table } from "./table";

const PREVIEW_ROWS = 10;
const POLL_MS = 1000;
const PAGE = 500;

const page = {
  form: byId("upload-form", HTMLFormElement),
  file: byId("upload-file", HTMLInputElement),
  validOnly: byId("upload-valid-only", HTMLInputElement),
  template: byId("upload-template", HTMLButtonElement),
  preview: byId("upload-preview", HTMLDivElement),
  errors: byId("upload-errors", HTMLDivElement),
  progress: byId("upload-progress", HTMLDivElement),
  bar: byId("progress-bar", HTMLProgressElement),
  text: byId("progress-text", HTMLParagraphElement),
};

/** The last preview, error report and progress, kept so a language switch can redraw them. */
const state: {
  preview?: { rows: string[][]; total: number } | "xlsx";
  errors?: { list: CellError[]; count: number; valid: number; total: number };
  progress?: { done: number; total: number };
} = {};

export function drawUpload(): void {
  const { preview, errors, progress } = state;
  page.preview.replaceChildren();
  if (preview === "xlsx") page.preview.append(h("p", { class: "hint" }, t("upload.noPreview")));
  else if (preview) {
    const [header = [], ...rows] = preview.rows;
    const caption = t("upload.preview", { shown: formatNumber(rows.length), total: formatNumber(preview.total) });
    page.preview.append(h("p", { class: "hint" }, caption), table(header, rows, caption));
  }
  page.errors.replaceChildren();
  if (errors) {
    const title = t("upload.errors", {
      count: formatNumber(errors.count),
      valid: formatNumber(errors.valid),
      total: formatNumber(errors.total),
    });
    page.errors.append(
      h("p", { class: "form-error" }, title),
      table(
        [t("upload.row"), t("upload.column"), t("upload.problem")],
        errors.list.map((error) => [
          formatNumber(error.row),
          h("code", { dir: "ltr" }, error.column),
          localized(error.message),
        ]),
        title,
      ),
    );
  }
  page.progress.hidden = !progress;
  if (progress) {
    const percent = progress.total === 0 ? 100 : Math.floor((progress.done / progress.total) * 100);
    page.bar.value = percent;
    page.bar.setAttribute("aria-valuetext", `${percent}%`);
    page.text.textContent = t("upload.progressText", {
      done: formatNumber(progress.done),
      total: formatNumber(progress.total),
      percent,
    });
  }
}

async function showPreview(file: File): Promise<void> {
  delete state.errors;
  if (/\.xlsx$/i.test(file.name)) state.preview = "xlsx";
  else {
    const text = await file.text();
    state.preview = { rows: parseCsv(text, PREVIEW_ROWS + 1), total: dataRowCount(text) };
  }
  drawUpload();
}

/**
 * How many of the certificates just issued are anchored: the newest certificates are read page by
 * page (they were issued last) until every one of them is found.
 */
async function countConfirmed(ids: Set<string>): Promise<number> {
  let confirmed = 0;
  let seen = 0;
  for (let offset = 0; seen < ids.size; offset += PAGE) {
    const { certificates, total } = await requestJson<CertificatePage>(
      "GET",
      `/api/certificates?limit=${PAGE}&offset=${offset}`,
    );
    for (const certificate of certificates) {
      if (!ids.has(certificate.id)) continue;
      seen++;
      if (certificate.status === "confirmed") confirmed++;
    }
    if (offset + PAGE >= total) break;
  }
  return confirmed;
}

async function followProgress(ids: Set<string>): Promise<void> {
  state.progress = { done: 0, total: ids.size };
  drawUpload();
  while (state.progress.done < ids.size) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    state.progress = { done: await countConfirmed(ids), total: ids.size };
    drawUpload();
  }
}

export function setUpUpload(notify: (message: string) => void): void {
  page.template.addEventListener("click", () => {
    void download("/api/certificates/template.csv", "graduates-template.csv").catch((error: unknown) =>
      notify(errorMessage(error)),
    );
  });
  page.file.addEventListener("change", () => {
    const file = page.file.files?.[0];
    if (file) void showPreview(file);
  });
  onSubmit(page.form, async () => {
    const file = page.file.files?.[0];
    if (!file) {
      page.file.focus();
      return;
    }
    const body = new FormData();
    body.set("file", file);
    if (page.validOnly.checked) body.set("validOnly", "true");
    delete state.progress;
    try {
      const result = await requestJson<BulkIssueAnswer>("POST", "/api/certificates/bulk", body);
      delete state.errors;
      notify(t("upload.accepted", { count: formatNumber(result.accepted) }));
      page.progress.scrollIntoView({ block: "nearest" });
      await followProgress(new Set(result.certificates.map((certificate) => certificate.id)));
    } catch (error) {
      if (!(error instanceof ApiFailure && error.code === "IMPORT_INVALID")) throw error;
      const details = error.details as {
        errors: CellError[];
        errorCount: number;
        validRows: number;
        totalRows: number;
      };
      state.errors = {
        list: details.errors,
        count: details.errorCount,
        valid: details.validRows,
        total: details.totalRows,
      };
      drawUpload();
      page.errors.focus();
    }
  });
}
