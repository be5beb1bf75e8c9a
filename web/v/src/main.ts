import "./zod-jitless";
import "@fontsource/noto-sans-arabic/400.css";
import "@fontsource/noto-sans-arabic/700.css";
import "./styles.css";
import type { VerificationPack } from "../../../core";
import { setUpBulkVerification } from "./bulk";
import { loadConfig } from "./config";
import { byId, onDroppedFiles } from "./dom";
import { applyLanguage, initialLanguage, languageOf } from "./i18n";
import { startCameraScan } from "./inputs/camera";
import type { CameraScan } from "./inputs/camera";
import { outcomeOfError } from "./outcome";
import type { Outcome } from "./outcome";
import { renderOutcome, renderWorking } from "./render-result";
import { Verifier, outcomeOf } from "./verifier";
import type { Progress, Step } from "./verifier";

const page = {
  outcome: byId("outcome", HTMLElement),
  inputsTitle: byId("inputs-title", HTMLHeadingElement),
  camera: byId("camera", HTMLDivElement),
  cameraVideo: byId("camera-video", HTMLVideoElement),
  cameraStart: byId("camera-start", HTMLButtonElement),
  cameraStop: byId("camera-stop", HTMLButtonElement),
  dropZone: byId("drop-zone", HTMLDivElement),
  fileInput: byId("file-input", HTMLInputElement),
  codeForm: byId("code-form", HTMLFormElement),
  codeInput: byId("code-input", HTMLInputElement),
};

const verifier: Promise<Verifier | undefined> = loadConfig(location.href).then(
  (config) => config && new Verifier(config),
);

/** What the result area shows, kept so a language switch can redraw it. */
let shown: { kind: "working"; step: Step } | { kind: "outcome"; outcome: Outcome } | undefined;
/** Each verification's number: a slower earlier one must not overwrite a later one's result. */
let latest = 0;
let cameraScan: CameraScan | undefined;
const bulk = setUpBulkVerification(verifier);

function draw(focus: boolean): void {
  if (!shown) {
    page.outcome.replaceChildren();
  } else if (shown.kind === "working") {
    renderWorking(page.outcome, shown.step);
  } else {
    const heading = renderOutcome(page.outcome, shown.outcome, startOver, checkPackOffline);
    if (focus) heading.focus();
  }
}

function show(outcome: Outcome): void {
  shown = { kind: "outcome", outcome };
  draw(true);
}

/** Runs one verification, showing its steps, and then its verdict or the problem that stopped it. */
async function verify(task: (verifier: Verifier, progress: Progress) => Promise<Outcome>): Promise<void> {
  const run = ++latest;
  stopCamera();
  // User Timing marks: bench/verify (and any real-user monitoring) reads how long verifying took.
  performance.mark("tasdiq:verify-start");
  const progress: Progress = (step) => {
    if (run !== latest) return;
    shown = { kind: "working", step };
    draw(false);
  };
  progress("config");
  const outcome = await outcomeOf(verifier, (ready) => task(ready, progress));
  if (run !== latest) return;
  show(outcome);
  performance.mark("tasdiq:verdict");
}

function startOver(): void {
  latest++;
  shown = undefined;
  draw(false);
  page.codeInput.value = "";
  page.fileInput.value = "";
  // The secret of the last certificate should not linger in the address bar or be re-verified on reload.
  if (location.hash) history.replaceState(null, "", `${location.pathname}${location.search}`);
  page.inputsTitle.focus();
}

/** A verification pack checked again, against the trusted block hash the user entered. */
function checkPackOffline(pack: VerificationPack, checkpoint: string): void {
  void verify((ready, progress) => ready.checkPack(pack, checkpoint, progress));
}

function verifyFile(file: File): void {
  void verify((ready, progress) => ready.checkFile(file, progress));
}

function verifyLinkInAddressBar(): void {
  if (location.hash.length > 1) void verify((ready, progress) => ready.checkLink(location.href, progress));
}

/** Releases the camera (if it runs) and puts its panel back to the start button. */
function stopCamera(): void {
  cameraScan?.stop();
  cameraScan = undefined;
  page.camera.hidden = true;
  page.cameraStop.hidden = true;
  page.cameraStart.hidden = false;
}

async function startCamera(): Promise<void> {
  page.camera.hidden = false;
  page.cameraStart.hidden = true;
  page.cameraStop.hidden = false;
  try {
    cameraScan = await startCameraScan(
      page.cameraVideo,
      (text) => void verify((ready, progress) => ready.checkLink(text, progress)),
    );
  } catch (error) {
    stopCamera();
    show(outcomeOfError(error));
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-language]")) {
  button.addEventListener("click", () => {
    const chosen = languageOf(button.dataset.language);
    if (!chosen) return;
    applyLanguage(chosen);
    draw(false);
    bulk.redraw();
  });
}

page.cameraStart.addEventListener("click", () => void startCamera());
page.cameraStop.addEventListener("click", stopCamera);

page.fileInput.addEventListener("change", () => {
  const file = page.fileInput.files?.[0];
  if (file) verifyFile(file);
});
onDroppedFiles(page.dropZone, (files) => {
  // Several files dropped here are meant to be checked together: the bulk table takes them.
  if (files && files.length > 1) bulk.verifyFiles(files);
  else if (files?.[0]) verifyFile(files[0]);
});

page.codeForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = page.codeInput.value.trim();
  if (code) void verify((ready, progress) => ready.checkTypedCode(code, progress));
  else page.codeInput.focus();
});

window.addEventListener("hashchange", verifyLinkInAddressBar);

applyLanguage(initialLanguage());
verifyLinkInAddressBar();
