import type { Interval, RegisteredMinistry, RegisteredUniversity } from "../chain/reader";
import type { Fragment } from "./types";

/**
 * The issuing university as the registry records it, with its standing today: what every verifier
 * output shows about the issuer, instead of what the credential claims.
 */
export interface IssuerRecord {
  university: RegisteredUniversity;
  ministry: RegisteredMinistry | undefined;
  /** Accreditation intervals, oldest first; the last one is still open while the university is accredited. */
  accreditation: Interval[];
  /** Start of the accreditation that covered the batch's anchoring, when it did. */
  accreditedSince: number | undefined;
  /** When the university was suspended (or its ministry removed), if it is not accredited today. */
  suspendedSince: number | undefined;
}

/**
 * The registry's record of the issuer that `fragments` (the checks of one verification) read, or
 * undefined when no check reached it (a malformed credential, a batch not anchored by the university it
 * names, an unknown university, a chain that could not be read).
 */
export function issuerRecordOf(fragments: readonly Fragment[]): IssuerRecord | undefined {
  const data = fragments.find((f) => f.name === "ISSUER_ACCREDITED")?.data;
  if (!data?.university) return undefined;
  const university = data.university as RegisteredUniversity;
  const accreditation = (data.accreditation ?? []) as Interval[];
  const last = accreditation.at(-1);
  return {
    university,
    ministry: data.ministry as RegisteredMinistry | undefined,
    accreditation,
    accreditedSince: data.accreditedSince as number | undefined,
    suspendedSince: !university.accredited && last !== undefined && last.until !== 0 ? last.until : undefined,
  };
}
