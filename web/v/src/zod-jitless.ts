import { z } from "zod";

// zod compiles object parsers with `new Function` unless told not to; the page's Content-Security-
// Policy forbids that and Chromium reports even the probe as a violation. This module is imported
// before core so the setting holds when core builds its schemas.
z.config({ jitless: true });
