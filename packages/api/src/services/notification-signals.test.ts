import { describe, expect, it } from "vitest";
import { nextNotificationSignal, notifyWatchers, waitingWatchers } from "./notification-signals";

describe("notification signals", () => {
  it("wakes every waiting watcher at once, and forgets them", async () => {
    const before = waitingWatchers();
    const a = nextNotificationSignal(60_000);
    const b = nextNotificationSignal(60_000);
    expect(waitingWatchers()).toBe(before + 2);
    notifyWatchers();
    expect(await Promise.all([a, b])).toEqual(["woken", "woken"]);
    expect(waitingWatchers()).toBe(before);
  });

  it("times out, and stops on abort", async () => {
    expect(await nextNotificationSignal(5)).toBe("timeout");
    const controller = new AbortController();
    const waiting = nextNotificationSignal(60_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe("aborted");
    expect(await nextNotificationSignal(60_000, controller.signal)).toBe("aborted");
  });
});
