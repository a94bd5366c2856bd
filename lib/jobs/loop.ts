// The background loop: periodic tasks (key-expiry notices, webhook deliveries, emails, and
// budget checks as they arrive), each run without overlapping itself. It runs inside
// the server by default (BACKGROUND_JOBS=on) or alone as `npm run worker`.
import { toAppError } from "@/lib/core/errors";
import { describeError } from "@/lib/core/log-error";

export type Task = {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  /** waits for work the task started but does not await (webhook deliveries in flight) */
  stop?: () => Promise<void>;
};

export function startLoop(tasks: Task[], log: (line: string) => void = console.log) {
  let stopped = false;
  const timers = new Map<Task, NodeJS.Timeout>(); // each task's next tick
  const running = new Set<Promise<unknown>>();

  for (const task of tasks) {
    // A database outage fails every tick the same way: say so once, and again when it is over.
    let lastFailure: string | null = null;
    const tick = async () => {
      if (stopped) return;
      const p = Promise.resolve()
        .then(() => task.run())
        .then(
          () => {
            if (lastFailure !== null) log(`Background task ${task.name} recovered.`);
            lastFailure = null;
          },
          (error: unknown) => {
            const known = toAppError(error);
            const outage = known?.code === "SERVICE_UNAVAILABLE";
            const message = outage ? known.message : describeError(error, { stack: false });
            const kind = outage ? "database unreachable" : message;
            if (kind !== lastFailure) log(`Background task ${task.name} failed: ${message}`);
            lastFailure = kind;
          },
        );
      running.add(p);
      await p;
      running.delete(p);
      if (!stopped) timers.set(task, setTimeout(tick, task.everyMs));
    };
    timers.set(task, setTimeout(tick, 1_000));
  }

  return {
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      await Promise.all(running);
      await Promise.all(tasks.map((task) => task.stop?.()));
    },
  };
}
