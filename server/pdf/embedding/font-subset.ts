import type { FontFace } from "../fonts";

/** restructure's EncodeStream, a Readable stream of the encoded bytes. */
interface EncodeStream {
  push(chunk: Uint8Array | null): boolean;
  end(): void;
}

/** fontkit's TTFSubset, including the internals used below (pinned @pdf-lib/fontkit 1.1.1). */
interface TrueTypeSubset {
  includeGlyph(glyphId: number): number;
  encodeStream(): EncodeStream;
  encode(stream: EncodeStream): void;
  _addGlyph(glyphId: number): number;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
}

/** The parsed-font internals the glyph records are read from. */
interface FontTables {
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  loca: { offsets: number[] };
  hhea: { numberOfMetrics: number };
}

/** A TrueType subset of one face: glyphs are added, then the subset font program is encoded once. */
export interface GlyphSubset {
  /** Adds a glyph (and, for composite glyphs, its components) and returns its id in the subset. */
  include(glyphId: number): number;
  /** The subset's TrueType font program; once, after the last glyph is included. */
  encode(): Uint8Array;
}

/** A glyph as the subset copies it: its `glyf` record, where a composite names its components, its metrics. */
interface GlyphRecord {
  bytes: Uint8Array;
  components: { offset: number; glyphId: number }[];
  advance: number;
  bearing: number;
}

const records = new Map<string, GlyphRecord>();

// Composite glyph flags (OpenType `glyf` table).
const ARGS_ARE_WORDS = 0x0001;
const HAVE_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAVE_X_AND_Y_SCALE = 0x0040;
const HAVE_TWO_BY_TWO = 0x0080;

function componentsOf(bytes: Uint8Array): { offset: number; glyphId: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 10 || view.getInt16(0) >= 0) return [];
  const components: { offset: number; glyphId: number }[] = [];
  let offset = 10;
  let flags: number;
  do {
    flags = view.getUint16(offset);
    components.push({ offset: offset + 2, glyphId: view.getUint16(offset + 2) });
    offset += 4 + (flags & ARGS_ARE_WORDS ? 4 : 2);
    if (flags & HAVE_SCALE) offset += 2;
    else if (flags & HAVE_X_AND_Y_SCALE) offset += 4;
    else if (flags & HAVE_TWO_BY_TWO) offset += 8;
  } while (flags & MORE_COMPONENTS && offset + 4 <= bytes.length);
  return components;
}

/**
 * A glyph's record straight from the font file, padded to an even length, read once per process.
 *
 * fontkit writes the subset's `loca` table in the short format (offsets halved) whenever the glyph
 * data is small, but copies glyph records of odd length unpadded: every later offset is then off by
 * one byte and those glyphs come out garbled (pdf-lib issue #494, the unjoined or broken Arabic
 * letters). Padding each record to an even length, as the TrueType specification recommends, fixes
 * it. Copying the bytes ourselves also spares fontkit's decoding of every outline for every PDF.
 */
function glyphRecord(face: FontFace, glyphId: number): GlyphRecord {
  const key = `${face.name}:${glyphId}`;
  let record = records.get(key);
  if (!record) {
    const tables = face.font as unknown as FontTables;
    const glyf = tables.directory.tables.glyf;
    const hmtx = tables.directory.tables.hmtx;
    if (!glyf || !hmtx) throw new Error(`${face.name}: not a TrueType font`);
    const start = glyf.offset + (tables.loca.offsets[glyphId] ?? 0);
    const end = glyf.offset + (tables.loca.offsets[glyphId + 1] ?? 0);
    const bytes = new Uint8Array(end - start + ((end - start) % 2));
    bytes.set(face.file.subarray(start, end));
    const metrics = tables.hhea.numberOfMetrics;
    const bearingAt = hmtx.offset + (glyphId < metrics ? 4 * glyphId + 2 : 4 * metrics + 2 * (glyphId - metrics));
    const bearing = new DataView(face.file.buffer, face.file.byteOffset).getInt16(bearingAt);
    record = { bytes, components: componentsOf(bytes), advance: face.font.getGlyph(glyphId).advanceWidth, bearing };
    records.set(key, record);
  }
  return record;
}

/**
 * fontkit's encodeStream() defers the encoding to the next tick of its browser `process` shim, a
 * setTimeout, and streams hundreds of small chunks through further ticks: idle milliseconds per
 * certificate. Encoding into the same stream synchronously, collecting what it pushes, is the same
 * work without the waits.
 */
function encodeNow(subset: TrueTypeSubset): Uint8Array {
  const stream = subset.encodeStream();
  const chunks: Uint8Array[] = [];
  stream.push = (chunk) => {
    if (chunk) chunks.push(chunk);
    return true;
  };
  subset.encode(stream);
  stream.end();
  // The deferred run that encodeStream() scheduled then has nothing left to do.
  subset.encode = () => undefined;
  return Buffer.concat(chunks);
}

/** A subset built by fontkit's TrueType subsetter, whose glyph copying is replaced by {@link glyphRecord}. */
export function createGlyphSubset(face: FontFace): GlyphSubset {
  const subset = face.font.createSubset() as unknown as TrueTypeSubset;
  subset._addGlyph = function (this: TrueTypeSubset, glyphId: number): number {
    const { bytes, components, advance, bearing } = glyphRecord(face, glyphId);
    let copy = bytes;
    if (components.length > 0) {
      // A composite names its components by glyph id: renumber them as in this subset.
      copy = bytes.slice();
      for (const { offset, glyphId: component } of components) {
        const id = this.includeGlyph(component);
        copy[offset] = id >> 8;
        copy[offset + 1] = id & 0xff;
      }
    }
    this.glyf.push(copy);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance, bearing });
    this.offset += copy.length;
    return this.glyf.length - 1;
  };
  return { include: (glyphId) => subset.includeGlyph(glyphId), encode: () => encodeNow(subset) };
}
