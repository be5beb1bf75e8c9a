import { writeFileSync } from "node:fs";
import QRCode from "qrcode";

/** A QR code as a PNG, as a phone screenshot or a cropped photo would show it. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: "M", scale: 6, margin: 4 });
}

/**
 * A one-frame raw video (YUV4MPEG2, 4:2:0) of a QR code, for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`): what a phone's camera would see held over a certificate.
 */
export function writeQrVideo(file: string, text: string, size = 480): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const quiet = 4;
  const cell = Math.floor(size / (modules.size + 2 * quiet));
  const offset = Math.floor((size - cell * modules.size) / 2);
  const luma = new Uint8Array(size * size).fill(235);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const row = Math.floor((y - offset) / cell);
      const column = Math.floor((x - offset) / cell);
      if (row >= 0 && column >= 0 && row < modules.size && column < modules.size && modules.get(row, column))
        luma[y * size + x] = 16;
    }
  }
  const chroma = new Uint8Array((size / 2) * (size / 2) * 2).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${size} H${size} F10:1 Ip A1:1 C420jpeg\nFRAME\n`, "latin1");
  writeFileSync(file, Buffer.concat([header, luma, chroma]));
}
