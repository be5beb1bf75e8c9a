import {
  MIRROR_PUSH_MAX_BYTES,
  MIRROR_PUSH_MAX_ENTRIES,
  MirrorEntry,
  mirrorsOfCountry,
  signMirrorPush,
} from "../../core";
import type { Deployment, PublishedMirror } from "../../core";
import type { Database } from "../db/database";
import type { KeyRing } from "../keys/keyring";
import type { Logger } from "../logger";
import type { OutboundPost } from "../outbound-fetch";
import { storeOf } from "../store";
import type { PendingPayload } from "../store/mirror-pushes";
import type { Store } from "../store";
import { RepeatingTask } from "../repeating-task";

/** How a push reaches a mirror: a JSON POST that gives up after a few seconds. */

export interface MirrorPusherDeps {
  db: Database;
  deployment: Deployment;
  keys: KeyRing;
  /** The mirrors the registry lists (cached: see `published.ts`). */
  mirrors: () => Promise<readonly PublishedMirror[]>;
  /** Within the server's outbound policy: mirror URLs come from the chain (`outboundPost`). */
  post: OutboundPost;
  logger: Logger;
  clock: () => Date;
  /** Pause between passes; a pass pushes everything due. */
  intervalMs?: number;
  /** The longest pause before pushing again to a mirror that failed; the pause doubles up to it. */
  retryMaxMs?: number;
}

const RETRY_BASE_MS = 1000;
/** An entry's JSON beyond its envelope: id, version, keys and punctuation. */
const ENTRY_OVERHEAD_BYTES = 100;
const RETRY_MAX_MS = 5 * 60_000;

/**
 * Copies each published stored credential to the mirrors of its university's ministry and of the
 * authority, signed with the university's operator key. A mirror's cursor moves on only once the
 * mirror has acknowledged a push, so a crash or a mirror that is down loses nothing: it is pushed the
 * same payloads again (mirrors keep a copy once per version) after a growing pause, and catches up.
 */
export class MirrorPusher {
  private readonly store: Store;
  private readonly task = new RepeatingTask(
    () =>
      this.pass().catch((error: unknown) =>
        this.deps.logger.warn({ reason: (error as Error).message.slice(0, 300) }, "mirror pushes postponed"),
      ),
    () => this.deps.intervalMs ?? 1000,
  );

  constructor(private readonly deps: MirrorPusherDeps) {
    this.store = storeOf(deps.db);
  }

  start(): void {
    this.task.start();
  }

  /** Stops after the push in progress; every cursor it moved is committed. */
  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass: every hosted university to every mirror of its country that is due. */
  async pass(): Promise<void> {
    const mirrors = await this.deps.mirrors();
    for (const universityId of this.store.universities.ids()) {
      const country = this.store.universities.identity(universityId)?.country;
      if (!country) continue;
      for (const mirror of mirrorsOfCountry(mirrors, country)) {
        if (!this.task.running) return;
        await this.pushDue(mirror.url, universityId);
      }
    }
  }

  /** Pushes the university's payloads the mirror has not acknowledged, batch after batch, until one fails. */
  private async pushDue(mirrorUrl: string, universityId: number): Promise<void> {
    const now = this.deps.clock().getTime();
    const cursor = this.store.mirrorPushes.cursor(mirrorUrl, universityId, now);
    if (cursor.next_attempt_at > now) return;
    let from = cursor.delivered_seq;
    let attempts = cursor.attempts;
    for (;;) {
      const payloads = withinBudget(this.store.mirrorPushes.pending(universityId, from, MIRROR_PUSH_MAX_ENTRIES));
      if (payloads.length === 0) return;
      const last = (payloads[payloads.length - 1] as (typeof payloads)[number]).seq;
      const entries = payloads.flatMap((p) =>
        p.envelope === null
          ? []
          : [
              MirrorEntry.parse({
                credentialId: p.certificateId,
                version: p.version,
                encrypted: JSON.parse(p.envelope),
              }),
            ],
      );
      const problem =
        entries.length === 0 ? undefined : await this.push(mirrorUrl, universityId, uniqueLatest(entries));
      const at = this.deps.clock().getTime();
      if (problem) {
        const retryAt = at + Math.min(this.deps.retryMaxMs ?? RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempts);
        this.store.mirrorPushes.failed(mirrorUrl, universityId, problem, retryAt, at);
        this.deps.logger.warn({ mirror: mirrorUrl, university: universityId, problem }, "mirror push failed");
        return;
      }
      this.store.mirrorPushes.delivered(mirrorUrl, universityId, last, at);
      from = last;
      attempts = 0;
    }
  }

  /** Sends one signed push; the problem when the mirror did not acknowledge it. */
  private async push(mirrorUrl: string, universityId: number, entries: MirrorEntry[]): Promise<string | undefined> {
    const push = await signMirrorPush(this.deps.keys.operator(universityId), this.deps.deployment, {
      universityId,
      signedAt: this.deps.clock().getTime(),
      entries,
    });
    try {
      const response = await this.deps.post(`${mirrorUrl.replace(/\/*$/, "")}/api/pushes`, JSON.stringify(push));
      if (response.ok) return undefined;
      return `the mirror answered ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      return `the mirror could not be reached: ${(error as Error).message}`;
    }
  }
}

/**
 * The first payloads whose pushed size stays within half of what a mirror reads of one push, so
 * large credentials go in smaller pushes instead of a push the mirror refuses (one always fits: a
 * stored credential is at most a megabyte).
 */
function withinBudget(payloads: PendingPayload[]): PendingPayload[] {
  let bytes = 0;
  const taken: PendingPayload[] = [];
  for (const payload of payloads) {
    bytes += (payload.envelope?.length ?? 0) + ENTRY_OVERHEAD_BYTES;
    if (taken.length > 0 && bytes > MIRROR_PUSH_MAX_BYTES / 2) break;
    taken.push(payload);
  }
  return taken;
}

/** One entry per credential, its latest version: a certificate re-sealed twice in a row is queued twice. */
function uniqueLatest(entries: MirrorEntry[]): MirrorEntry[] {
  const latest = new Map<string, MirrorEntry>();
  for (const entry of entries) {
    const seen = latest.get(entry.credentialId);
    if (!seen || seen.version < entry.version) latest.set(entry.credentialId, entry);
  }
  return [...latest.values()];
}
