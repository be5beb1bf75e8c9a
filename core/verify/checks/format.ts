import { defineCheck, invalid, valid } from "../check";

/** FORMAT: the document parses against the credential schema and its disclosure data is consistent. */
export const formatCheck = defineCheck({
  name: "FORMAT",
  requires: [],
  async verify(context) {
    const problem = context.formatProblem;
    if (problem) return invalid(problem.code, { issues: problem.issues.slice(0, 20) });
    return valid("FORMAT_OK");
  },
});
