/** A typed code with two neighbouring symbols swapped. */
export interface Transposition {
  /** Where the first of the two swapped symbols stands among the symbols, separators not counted. */
  at: number;
  typed: string;
}

/**
 * Every way of mistyping `code` by swapping two neighbouring symbols, in order from its start.
 * Separators (hyphens, spaces) stay where they are and are stepped over, so the two symbols around a
 * hyphen count as neighbours; equal neighbours are left out, since swapping them changes nothing.
 */
export function adjacentTranspositions(code: string): Transposition[] {
  const chars = [...code];
  const positions = chars.flatMap((char, i) => (/[\s-]/.test(char) ? [] : [i]));
  return positions.slice(0, -1).flatMap((i, at) => {
    const j = positions[at + 1] as number;
    if (chars[i] === chars[j]) return [];
    const typed = [...chars];
    [typed[i], typed[j]] = [chars[j] as string, chars[i] as string];
    return [{ at, typed: typed.join("") }];
  });
}
