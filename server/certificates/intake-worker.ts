import { serveWorkerTasks } from "../workers/pool";
import { runIntakeTask, transferOfIntakeResult } from "./intake";
import type { IntakeTask } from "./intake";

// One thread of an IntakePool: parses, validates and drafts what it is sent, one task at a time.
serveWorkerTasks<IntakeTask, unknown>(runIntakeTask, transferOfIntakeResult);
