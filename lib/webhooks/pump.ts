import type { Db } from "@/db/client";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";
import { claimDueDeliveries, sendDelivery, type ClaimedDelivery } from "./deliver";

type Options = { maxInFlight: number; perEndpoint: number };

const log = (error: unknown) => logUnexpected(newRequestId(), "webhook deliveries", error);

/**
 * Keeps due deliveries flowing: each tick claims as many as there is room for and starts
 * them without waiting for their answers, and each answer makes room for the next claim.
 * Endpoints never wait for each other: a slow one only ever holds its own `perEndpoint` slots.
 */
export class DeliveryPump {
  private readonly inFlight = new Set<Promise<void>>();
  private claiming: Promise<number> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: Options = { maxInFlight: 100, perEndpoint: 10 }) {}

  /** Claims and starts due deliveries; resolves once they are started (not answered). */
  tick(db: Db): Promise<number> {
    if (this.claiming) {
      this.again = true;
      return this.claiming;
    }
    this.claiming = this.fill(db).finally(() => {
      this.claiming = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.tick(db).catch(log);
      }
    });
    return this.claiming;
  }

  /** Claims nothing more and waits for the deliveries in flight. */
  async drain(): Promise<void> {
    this.stopped = true;
    await this.claiming?.catch(log);
    await Promise.all(this.inFlight);
  }

  private async fill(db: Db): Promise<number> {
    let started = 0;
    while (!this.stopped) {
      const room = this.options.maxInFlight - this.inFlight.size;
      if (room <= 0) break;
      const claimed = await claimDueDeliveries(db, room, this.options.perEndpoint);
      for (const d of claimed) this.start(db, d);
      started += claimed.length;
      if (claimed.length < room) break;
    }
    return started;
  }

  private start(db: Db, d: ClaimedDelivery) {
    const sending: Promise<void> = sendDelivery(db, d)
      .catch(log)
      .finally(() => {
        this.inFlight.delete(sending);
        if (!this.stopped) this.tick(db).catch(log);
      });
    this.inFlight.add(sending);
  }
}
