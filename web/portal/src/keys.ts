import { byId, h } from "../../v/src/dom";
import type { SignerKeys, SignerRotation } from "../../../core/api";
import { requestJson, errorMessage } from "./api";
import { askConfirmation } from "./confirm";
import { formatTime, t } from "./i18n";
import type { MessageKey } from "./i18n";
import { table } from "./table";

type RotationStatus = SignerRotation["status"];

/** A rotation's last state: until then it moves on by itself, and the page keeps asking. */
const ROTATION_SETTLED: RotationStatus = "done";
/** Before its new key signs, a rotation refuses a second one; the button waits too. */
const BLOCKS_ROTATION: readonly RotationStatus[] = ["registering", "registered"];
const REFRESH_MS = 2000;

const page = {
  operator: byId("keys-operator", HTMLParagraphElement),
  list: byId("key-list", HTMLDivElement),
  rotation: byId("key-rotation", HTMLParagraphElement),
  rotate: byId("key-rotate", HTMLButtonElement),
};

let shown: SignerKeys | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let notify: (message: string) => void = () => undefined;
const report = (error: unknown): void => notify(errorMessage(error));

type KeyState = "current" | "retiring" | "revoked" | "valid";

function stateOf(key: SignerKeys["signers"][number], rotation: SignerKeys["rotation"]): KeyState {
  if (key.current) return "current";
  // The server adds keys valid from their block on: a key no longer valid had its window ended.
  if (!key.validNow) return "revoked";
  if (rotation && rotation.oldSigner === key.address && rotation.status !== ROTATION_SETTLED) return "retiring";
  return "valid";
}

const when = (seconds: number | null): string => (seconds === null ? t("keys.open") : formatTime(seconds * 1000));

export function drawKeys(): void {
  if (!shown) return;
  const { rotation } = shown;
  page.operator.replaceChildren(t("keys.operator"), " ", h("code", { dir: "ltr", class: "hash" }, shown.operator));
  page.list.replaceChildren(
    table(
      [t("keys.address"), t("keys.validFrom"), t("keys.validUntil"), t("keys.state")],
      shown.signers.map((key) => {
        const state = stateOf(key, rotation);
        return [
          h("code", { dir: "ltr", class: "hash" }, key.address),
          h("span", { class: "nowrap" }, when(key.validFrom)),
          h("span", { class: "nowrap" }, when(key.validUntil)),
          h("span", { class: `badge badge--${state}`, "data-state": state }, t(`keys.${state}` as MessageKey)),
        ];
      }),
      t("keys.title"),
    ),
  );
  page.rotation.hidden = !rotation;
  if (rotation) {
    page.rotation.replaceChildren(
      t(`rotation.${rotation.status}` as MessageKey, { address: rotation.newSigner }),
      rotation.error ? h("span", { class: "hint" }, ` ${t("rotation.postponed", { reason: rotation.error })}`) : "",
    );
  }
  page.rotate.disabled = rotation !== null && BLOCKS_ROTATION.includes(rotation.status);
}

/** Loads the keys and draws them; while a rotation is under way, asks again every two seconds. */
export async function loadKeys(): Promise<void> {
  stopKeys();
  shown = await requestJson<SignerKeys>("GET", "/api/keys");
  drawKeys();
  if (shown.rotation && shown.rotation.status !== ROTATION_SETTLED)
    timer = setTimeout(() => void loadKeys().catch(report), REFRESH_MS);
}

export function stopKeys(): void {
  clearTimeout(timer);
  timer = undefined;
}

async function rotateKey(): Promise<void> {
  const confirmed = await askConfirmation({
    title: t("keys.rotateTitle"),
    text: t("keys.rotateQuestion"),
    confirm: t("keys.rotateConfirm"),
  });
  if (!confirmed) return;
  try {
    const rotation = await requestJson<SignerRotation>("POST", "/api/keys/rotate", {});
    notify(t("keys.rotated", { address: rotation.newSigner }));
    await loadKeys();
  } catch (error) {
    report(error);
  }
}

export function setUpKeys(notice: (message: string) => void): void {
  notify = notice;
  page.rotate.addEventListener("click", () => void rotateKey());
}
