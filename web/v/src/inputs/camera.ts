import { VerifierProblem } from "../../../../core";
import type { ProblemCode } from "../outcome";
import { loadDecoder, pixelsOf, readQrCode } from "./qr-decoder";

export interface CameraScan {
  stop(): void;
}

/** Frames are decoded a few times a second: enough to feel instant, light on a phone's battery. */
const SCAN_INTERVAL_MS = 150;

function release(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

function cameraProblem(error: unknown): VerifierProblem<ProblemCode> {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError")
    return new VerifierProblem<ProblemCode>("CAMERA_DENIED", { cause: error });
  if (name === "NotFoundError" || name === "OverconstrainedError")
    return new VerifierProblem<ProblemCode>("CAMERA_NOT_FOUND", { cause: error });
  return new VerifierProblem<ProblemCode>("CAMERA_UNSUPPORTED", { cause: error });
}

/**
 * Shows the (preferably rear) camera in `video` and decodes its frames until a QR code is read; then
 * the camera is released and `onCode` gets the code's text. Throws a {@link VerifierProblem} when the
 * browser has no camera API (plain http), the visitor refuses access or there is no camera.
 */
export async function startCameraScan(video: HTMLVideoElement, onCode: (text: string) => void): Promise<CameraScan> {
  if (!navigator.mediaDevices?.getUserMedia) throw new VerifierProblem<ProblemCode>("CAMERA_UNSUPPORTED");
  const [media, decoder] = await Promise.allSettled([
    navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }),
    loadDecoder(),
  ]);
  if (media.status === "rejected") throw cameraProblem(media.reason);
  const stream = media.value;
  if (decoder.status === "rejected") {
    release(stream);
    throw decoder.reason;
  }
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
    release(stream);
    video.srcObject = null;
  };
  const canvas = document.createElement("canvas");
  const scan = async (): Promise<void> => {
    if (stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      // A frame the decoder chokes on is skipped like a frame without a code.
      const text = await readQrCode(pixelsOf(video, video.videoWidth, video.videoHeight, canvas), { fast: true }).catch(
        () => undefined,
      );
      if (text !== undefined && !stopped) {
        stop();
        onCode(text);
        return;
      }
    }
    if (!stopped) timer = setTimeout(() => void scan(), SCAN_INTERVAL_MS);
  };
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
  } catch (error) {
    stop();
    throw cameraProblem(error);
  }
  void scan();
  return { stop };
}
