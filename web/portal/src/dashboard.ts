import { DEGREE_LABELS } from "../../../core";
import { CERTIFICATE_STATUSES } from "../../../core/api";
import type { Batch, BatchList, CertificatePage, CertificateSummary } from "../../../core/api";
import { byId, h } from "../../v/src/dom";
import { download, requestJson, signedInAs, errorMessage } from "./api";
import { askConfirmation } from "./confirm";
import { formatNumber, formatTime, localized, t } from "./i18n";
import type { MessageKey } from "./i18n";
import { askRefusalReason } from "./refuse";
import { askRevocationReason, revokeQuestion } from "./revoke";
import { button, table } from "./table";

/** States after which nothing changes by itself: no need to keep asking the server. */
const SETTLED = new Set(["confirmed", "failed"]);
const PAGE_SIZE = 25;
const REFRESH_MS = 2000;

const page = {
  batches: byId("batches", HTMLDivElement),
  certificates: byId("certificates", HTMLDivElement),
  filter: byId("filter", HTMLFormElement),
  status: byId("filter-status", HTMLSelectElement),
  search: byId("filter-q", HTMLInputElement),
  previous: byId("page-previous", HTMLButtonElement),
  next: byId("page-next", HTMLButtonElement),
  range: byId("page-range", HTMLSpanElement),
  pager: byId("pager", HTMLDivElement),
  autoRefresh: byId("auto-refresh", HTMLParagraphElement),
};

let offset = 0;
let shown: { certificates: CertificateSummary[]; total: number; batches: Batch[] } | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let notify: (message: string) => void = () => undefined;

/** What a certificate or batch shows as its state: revoked wins over the anchoring step. */
const statusOf = (item: { status: string; revoked: boolean }): string => (item.revoked ? "revoked" : item.status);
const statusBadge = (status: string): HTMLElement =>
  h("span", { class: `badge badge--${status}`, "data-status": status }, t(`status.${status}` as MessageKey));

/** A held batch is signed and anchored only once an approver approves it. */
const awaitsApproval = (batch: Batch): boolean =>
  batch.status === "batched" && batch.needsApproval === 1 && batch.approvedAt === null;

/** What the registrar should know about a batch besides its state: who approved it, why it failed. */
function batchNote(batch: Batch): string | null {
  if (batch.failure)
    return `${localized(batch.failure.message)}${batch.resealedAt === null ? "" : ` ${t("batch.resealed")}`}`;
  if (batch.approvedBy) return t("batch.approvedBy", batch.approvedBy);
  return null;
}

function batchRow(batch: Batch): (Node | string)[] {
  const status =
    batch.revokedAt === null && awaitsApproval(batch)
      ? "awaitingApproval"
      : statusOf({ status: batch.status, revoked: batch.revokedAt !== null });
  // PDFs only once anchored: before, the batch may still fail and its credentials never verify.
  const anchored = batch.status === "confirmed";
  const resealable = batch.status === "failed" && batch.failure?.code !== "REFUSED" && batch.resealedAt === null;
  const note = batchNote(batch);
  return [
    formatNumber(batch.id),
    formatNumber(batch.count),
    h(
      "span",
      {},
      statusBadge(status),
      anchored && batch.blockNumber !== null
        ? h("span", { class: "hint" }, ` ${t("batch.anchored", { block: batch.blockNumber })}`)
        : null,
      note === null ? null : h("span", { class: "hint", "data-batch-note": String(batch.id) }, ` ${note}`),
    ),
    batch.txHash
      ? h(
          "code",
          { class: "nowrap", title: batch.txHash, dir: "ltr" },
          `${batch.txHash.slice(0, 10)}…${batch.txHash.slice(-6)}`,
        )
      : "—",
    h("span", { class: "nowrap" }, formatTime(batch.createdAt)),
    h(
      "span",
      { class: "actions" },
      status === "awaitingApproval" && signedInAs("approver", "admin")
        ? button(
            t("batch.approve"),
            () => void approveBatch(batch),
            { "aria-label": t("batch.approveOf", { id: batch.id }) },
            "button--small",
          )
        : null,
      status === "awaitingApproval" && signedInAs("approver", "admin")
        ? button(
            t("batch.refuse"),
            () => void refuseBatch(batch),
            { "aria-label": t("batch.refuseOf", { id: batch.id }) },
            "button--small button--danger",
          )
        : null,
      resealable && signedInAs("registrar", "admin")
        ? button(
            t("batch.reseal"),
            () => void resealBatch(batch),
            { "aria-label": t("batch.resealOf", { id: batch.id }) },
            "button--small",
          )
        : null,
      anchored
        ? button(
            t("batch.zip"),
            () => void download(`/api/batches/${batch.id}/pdfs.zip`, `tasdiq-batch-${batch.id}.zip`).catch(report),
            { "aria-label": t("batch.zipOf", { id: batch.id }) },
            "button--small button--secondary",
          )
        : null,
      batch.revokedAt === null && batch.status !== "failed" && signedInAs("registrar", "admin")
        ? button(
            t("batch.revoke"),
            () => void revokeBatch(batch),
            { "aria-label": t("batch.revokeOf", { id: batch.id }) },
            "button--small button--danger",
          )
        : null,
    ),
  ];
}

function certificateRow(certificate: CertificateSummary): (Node | string)[] {
  const { subject } = certificate;
  const name = subject.nameLatin;
  const status = statusOf({ status: certificate.status, revoked: certificate.revocation !== null });
  const hasPdf = certificate.status === "confirmed";
  return [
    h(
      "span",
      { class: "graduate" },
      h("span", { lang: "ar", dir: "rtl" }, subject.nameAr),
      h("span", { class: "hint", dir: "ltr" }, name),
    ),
    h("span", { class: "nowrap", dir: "ltr" }, subject.identifier),
    localized(DEGREE_LABELS[subject.degree]),
    statusBadge(status),
    certificate.batchId === null ? "—" : formatNumber(certificate.batchId),
    h(
      "span",
      { class: "actions" },
      hasPdf
        ? button(
            t("certificate.pdf"),
            () =>
              void download(`/api/certificates/${certificate.id}/pdf`, `tasdiq-${certificate.id}.pdf`).catch(report),
            { "aria-label": t("certificate.pdfOf", { name }) },
            "button--small button--secondary",
          )
        : null,
      certificate.revocation === null && signedInAs("registrar", "admin")
        ? button(
            t("certificate.revoke"),
            () => void revokeCertificate(certificate),
            { "aria-label": t("certificate.revokeOf", { name }), "data-revoke": certificate.id },
            "button--small button--danger",
          )
        : null,
    ),
  ];
}

/** Redraws the last lists in the current language. */
export function drawDashboard(): void {
  page.status.replaceChildren(
    h("option", { value: "" }, t("status.all")),
    ...[...CERTIFICATE_STATUSES, "revoked"].map((status) =>
      h("option", { value: status }, t(`status.${status}` as MessageKey)),
    ),
  );
  page.status.value = currentFilter.status;
  if (!shown) return;
  page.batches.replaceChildren(
    shown.batches.length === 0
      ? h("p", { class: "hint" }, t("list.empty"))
      : table(
          [
            t("batch.id"),
            t("batch.count"),
            t("batch.status"),
            t("batch.transaction"),
            t("batch.created"),
            t("list.actions"),
          ],
          shown.batches.map(batchRow),
          t("nav.batches"),
        ),
  );
  page.certificates.replaceChildren(
    shown.certificates.length === 0
      ? h("p", { class: "hint" }, t("list.empty"))
      : table(
          [
            t("certificate.name"),
            t("certificate.identifier"),
            t("certificate.degree"),
            t("list.status"),
            t("certificate.batch"),
            t("list.actions"),
          ],
          shown.certificates.map(certificateRow),
          t("nav.certificates"),
        ),
  );
  const to = Math.min(offset + PAGE_SIZE, shown.total);
  page.range.textContent =
    shown.total === 0
      ? ""
      : t("list.range", { from: formatNumber(offset + 1), to: formatNumber(to), total: formatNumber(shown.total) });
  // Paging controls only when there is more than one page.
  page.pager.toggleAttribute("data-single", offset === 0 && to >= shown.total);
  page.previous.disabled = offset === 0;
  page.next.disabled = to >= shown.total;
}

const currentFilter = { status: "", q: "" };

function listQuery(): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (currentFilter.status === "revoked") query.set("revoked", "true");
  else if (currentFilter.status) query.set("status", currentFilter.status);
  if (currentFilter.q) query.set("q", currentFilter.q);
  return query.toString();
}

/**
 * Loads both lists and draws them; while anything shown is still on its way to the chain, asks again
 * every two seconds (stopped by {@link stopDashboard} when the registrar leaves the view).
 */
export async function loadDashboard(): Promise<void> {
  stopDashboard();
  const [list, { batches }] = await Promise.all([
    requestJson<CertificatePage>("GET", `/api/certificates?${listQuery()}`),
    requestJson<BatchList>("GET", "/api/batches"),
  ]);
  shown = { certificates: list.certificates, total: list.total, batches };
  drawDashboard();
  const working = [...list.certificates, ...batches].some((item) => !SETTLED.has(item.status));
  page.autoRefresh.hidden = !working;
  if (working) timer = setTimeout(() => void loadDashboard().catch(report), REFRESH_MS);
}

export function stopDashboard(): void {
  clearTimeout(timer);
  timer = undefined;
}

function report(error: unknown): void {
  notify(errorMessage(error));
}

async function revoke(question: string, path: string): Promise<void> {
  const reason = await askRevocationReason(question);
  if (reason === undefined) return;
  try {
    await requestJson("POST", path, { reason });
    notify(t("revoke.done"));
    await loadDashboard();
  } catch (error) {
    report(error);
  }
}

async function approveBatch(batch: Batch): Promise<void> {
  const confirmed = await askConfirmation({
    title: t("approve.title"),
    text: t("approve.question", { id: batch.id, count: batch.count }),
    confirm: t("approve.confirm"),
  });
  if (!confirmed) return;
  try {
    await requestJson("POST", `/api/batches/${batch.id}/approve`);
    notify(t("approve.done", { id: batch.id }));
    await loadDashboard();
  } catch (error) {
    report(error);
  }
}

async function refuseBatch(batch: Batch): Promise<void> {
  const reason = await askRefusalReason(t("refuse.question", { id: batch.id, count: batch.count }));
  if (reason === undefined) return;
  try {
    await requestJson("POST", `/api/batches/${batch.id}/refuse`, { reason });
    notify(t("refuse.done", { id: batch.id }));
    await loadDashboard();
  } catch (error) {
    report(error);
  }
}

async function resealBatch(batch: Batch): Promise<void> {
  try {
    await requestJson("POST", `/api/batches/${batch.id}/reseal`);
    notify(t("reseal.done", { id: batch.id }));
    await loadDashboard();
  } catch (error) {
    report(error);
  }
}

const revokeCertificate = (certificate: CertificateSummary): Promise<void> =>
  revoke(revokeQuestion.certificate(certificate.subject.nameLatin), `/api/certificates/${certificate.id}/revoke`);
const revokeBatch = (batch: Batch): Promise<void> =>
  revoke(revokeQuestion.batch(batch.id, batch.count), `/api/batches/${batch.id}/revoke`);

export function setUpDashboard(notice: (message: string) => void): void {
  notify = notice;
  page.filter.addEventListener("submit", (event) => {
    event.preventDefault();
    currentFilter.status = page.status.value;
    currentFilter.q = page.search.value.trim();
    offset = 0;
    void loadDashboard().catch(report);
  });
  page.previous.addEventListener("click", () => {
    offset = Math.max(0, offset - PAGE_SIZE);
    void loadDashboard().catch(report);
  });
  page.next.addEventListener("click", () => {
    offset += PAGE_SIZE;
    void loadDashboard().catch(report);
  });
}
