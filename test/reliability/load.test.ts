import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { loadFigureRows, runLoad, startLoadWorld } from "../helpers/load";
import type { LoadOptions, LoadWorld } from "../helpers/load";
import { printFigures, scaled } from "./settings";

/** The bounded version of bench/reliability.ts (npm run bench:reliability has the long run). */
const OPTIONS: LoadOptions = {
  warmupMs: scaled(2_000, 10_000),
  warmupMaxMs: scaled(40_000, 60_000),
  durationMs: scaled(6_000, 60_000),
  maxRequests: scaled(5_000, 200_000),
  concurrency: scaled(8, 16),
};

describe("load: sustained issuance and verification on loopback", () => {
  let world: LoadWorld;

  beforeAll(async () => {
    world = await startLoadWorld(100);
  });
  afterAll(async () => world?.stop());

  it(
    "answers every request correctly, anchors everything issued, and keeps its memory flat",
    async () => {
      const figures = await runLoad(world, OPTIONS);
      printFigures("Load (issuance + verification traffic)", loadFigureRows(figures, OPTIONS));
      expect(figures.firstErrors).to.deep.equal([]);
      expect(figures.requests).to.be.greaterThan(100);
      expect(figures.rssAfterMiB / figures.rssBeforeMiB, "RSS growth under sustained traffic").to.be.below(1.2);
    },
    scaled(120_000, 600_000),
  );
});
