/** A CID and the text it stands for. */
export interface CidText {
  cid: number;
  text: string;
}

const hex4 = (value: number): string => value.toString(16).padStart(4, "0");

function utf16Hex(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return out;
}

/** The PDF format allows at most 100 entries per bfchar block. */
const BLOCK_SIZE = 100;

/** A ToUnicode CMap (PDF 32000-1, 9.10.3) mapping 2-byte CIDs to UTF-16 text. */
export function toUnicodeCMap(entries: readonly CidText[]): string {
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += BLOCK_SIZE) {
    const block = entries.slice(i, i + BLOCK_SIZE);
    blocks.push(
      `${block.length} beginbfchar\n${block.map(({ cid, text }) => `<${hex4(cid)}> <${utf16Hex(text)}>`).join("\n")}\nendbfchar`,
    );
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}
