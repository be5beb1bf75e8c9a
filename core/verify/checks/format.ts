import { fragment } from "../fragment";
import type { Check } from "../types";

/** FORMAT: the document parses against the credential schema and its disclosure data is consistent. */
export const formatCheck: Check = {
  name: "FORMAT",
  test: () => true,
  skip: () => fragment("FORMAT", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
  async verify(context) {
    const problem = context.formatProblem;
    if (problem) return fragment("FORMAT", "INVALID", problem.code, { issues: problem.issues.slice(0, 20) });
    return fragment("FORMAT", "VALID", "FORMAT_OK");
  },
};
