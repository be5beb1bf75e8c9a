import { expect } from "chai";
import { describe, it } from "vitest";
import { certificateFileName } from "../../server/certificates/pdf";

const ID = "1a2b3c4d5e6f7a8b";

describe("the file name of a certificate's PDF", () => {
  it("names the student's identifier and Latin name, then the certificate id", () => {
    expect(certificateFileName({ id: ID, identifier: "2025-00001", nameLatin: "Ahmad bin Mohammad Al-Ali" })).to.equal(
      `2025-00001_Ahmad-bin-Mohammad-Al-Ali_${ID}.pdf`,
    );
  });

  it("keeps to ASCII letters, digits, dots and hyphens: accents dropped, separators and slashes made hyphens", () => {
    expect(certificateFileName({ id: ID, identifier: "2025/ENG 17", nameLatin: "Zoé Ben Aïssa" })).to.equal(
      `2025-ENG-17_Zoe-Ben-Aissa_${ID}.pdf`,
    );
  });

  it("cannot climb out of the folder it is unzipped into, nor hide as a dot file", () => {
    const name = certificateFileName({ id: ID, identifier: "../../etc/passwd", nameLatin: ".profile" });
    expect(name).to.equal(`etc-passwd_profile_${ID}.pdf`);
  });

  it("leaves out a part with nothing writable and shortens long ones", () => {
    expect(certificateFileName({ id: ID, identifier: "٢٠٢٥", nameLatin: "—" })).to.equal(`${ID}.pdf`);
    const long = certificateFileName({ id: ID, identifier: "X".repeat(100), nameLatin: "Name ".repeat(40) });
    expect(long).to.equal(`${"X".repeat(40)}_${"Name-".repeat(12).slice(0, -1)}_${ID}.pdf`);
  });
});
