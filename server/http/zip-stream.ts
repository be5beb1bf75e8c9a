import { once } from "node:events";
import type { Response } from "express";
import { Zip, ZipPassThrough } from "fflate";

/** A few files in the making keep every PDF render worker busy, while another request still gets its turn. */
const IN_FLIGHT = 4;

/**
 * Streams `count` files into a zip answer, in order, while the next ones are being made: memory holds
 * the files in flight, not the whole archive, and a slow client slows the making instead of filling
 * the server's memory. Files are stored uncompressed (PDFs are compressed already). A failure after
 * the first bytes can no longer become an error answer: the connection is cut, so the client sees an
 * incomplete download rather than a truncated zip that looks whole.
 */
export async function streamZip(
  response: Response,
  count: number,
  make: (index: number) => Promise<Uint8Array>,
  name: (index: number) => string,
): Promise<void> {
  const zip = new Zip((error, chunk, final) => {
    if (error) response.destroy(error);
    else {
      response.write(chunk);
      if (final) response.end();
    }
  });
  const pending: Promise<Uint8Array>[] = [];
  const start = (index: number): void => {
    if (index >= count) return;
    const file = make(index);
    // Handled now, awaited in its turn: a failure while an earlier file is awaited must not go unhandled.
    file.catch(() => undefined);
    pending.push(file);
  };
  for (let index = 0; index < IN_FLIGHT; index++) start(index);
  try {
    for (let index = 0; index < count; index++) {
      const file = await (pending.shift() as Promise<Uint8Array>);
      start(index + IN_FLIGHT);
      const entry = new ZipPassThrough(name(index));
      zip.add(entry);
      entry.push(file, true);
      if (response.writableNeedDrain) await once(response, "drain");
      if (response.destroyed) return;
    }
    zip.end();
  } catch (error) {
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
