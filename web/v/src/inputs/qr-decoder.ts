import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";

type ZXing = typeof import("zxing-wasm/reader");

let zxing: Promise<ZXing> | undefined;

/**
 * The ZXing-C++ reader with its WebAssembly instantiated from the file shipped in our own build:
 * zxing-wasm otherwise fetches it from a CDN, which the page's policy forbids.
 */
async function load(): Promise<ZXing> {
  const module = await import("zxing-wasm/reader");
  try {
    await module.prepareZXingModule({
      overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
      fireImmediately: true,
    });
    return module;
  } catch (error) {
    module.purgeZXingModule();
    throw error;
  }
}

/** The reader, loaded on first use; a failed download (flaky network) is retried on the next use. */
function decoder(): Promise<ZXing> {
  if (!zxing) {
    zxing = load();
    zxing.catch(() => (zxing = undefined));
  }
  return zxing;
}

/** Loads and instantiates the decoder ahead of need, so the first camera frame is decoded at once. */
export async function loadDecoder(): Promise<void> {
  await decoder();
}

/** The text of the QR code in an image, or undefined when none can be read. */
export async function readQrCode(image: ImageData, { fast = false } = {}): Promise<string | undefined> {
  const { readBarcodes } = await decoder();
  // Video frames come many a second, so they get the quick pass; a still image gets every effort.
  const results = await readBarcodes(image, { formats: ["QRCode"], tryHarder: !fast, maxNumberOfSymbols: 1 });
  return results.find((result) => result.isValid)?.text;
}

const MAX_SIDE = 2400;

/**
 * The pixels of an image, video frame or rendered page, scaled down when larger than the decoder
 * needs (a phone photo is 4000 px wide; a QR code in it stays readable at this size).
 */
export function pixelsOf(
  source: CanvasImageSource,
  width: number,
  height: number,
  canvas = document.createElement("canvas"),
): ImageData {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) throw new Error("no 2D canvas");
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}
