import { expect } from "chai";
import { describe, it } from "vitest";
import { ApiError } from "../../server/http/errors";
import { API_ERROR_MESSAGES } from "../../server/http/error-messages";

describe("the API's error registry", () => {
  it("builds each code's message in ar, en and fr, with the parameters it names", () => {
    const suspended = new ApiError(409, "UNIVERSITY_SUSPENDED", { message: { ar: "أ", en: "b", fr: "c" } }, { a: 1 });
    expect(suspended).to.include({ status: 409, code: "UNIVERSITY_SUSPENDED", message: "b" });
    expect(suspended.details).to.deep.equal({ a: 1 });
    const notAnchored = new ApiError(409, "NOT_ANCHORED_YET", {
      state: { ar: "معلّقة", en: "pending", fr: "en attente" },
    });
    expect(notAnchored.messages.fr).to.match(/État actuel : en attente\.$/);
    expect(new ApiError(400, "MALFORMED_UPLOAD", "Unexpected end of form").details).to.equal("Unexpected end of form");
    for (const entry of Object.values(API_ERROR_MESSAGES)) {
      if (typeof entry === "function") continue;
      for (const language of ["ar", "en", "fr"] as const)
        expect(entry[language]).to.be.a("string").with.length.above(0);
    }
  });

  it("refuses, at type-check time, a code it does not hold and a message without its parameters", () => {
    // @ts-expect-error: not a registered code
    expect(() => new ApiError(400, "NO_SUCH_CODE")).to.throw();
    // @ts-expect-error: the state the message names is missing
    expect(() => new ApiError(409, "NOT_ANCHORED_YET")).to.throw();
  });
});
