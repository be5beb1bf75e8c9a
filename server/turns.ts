/**
 * Long work on the event loop is cut into turns: between two, the server answers what is waiting
 * (health probes, verifications, sign-ins) instead of letting it wait for the whole job.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs the jobs given for one key one after another, in the order given; jobs of other keys run
 * alongside. A job's failure is its caller's and does not stop the jobs queued after it.
 */
export function oneAtATimePer<K>(): <T>(key: K, job: () => Promise<T>) => Promise<T> {
  const tails = new Map<K, Promise<unknown>>();
  return (key, job) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(job, job);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
