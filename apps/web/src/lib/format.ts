/** 83 → "1:23" */
export function formatTime(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) sec = 0;
  const m = Math.floor(sec / 60);
  const s = Math.floor(sec % 60);
  return `${m}:${String(s).padStart(2, "0")}`;
}

export function formatDate(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return date.toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

export function formatCount(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** The message of a tRPC/fetch error, for people. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as {
      message?: string;
      data?: { zodError?: { fieldErrors?: Record<string, string[]> } | null };
    };
    const fields = e.data?.zodError?.fieldErrors;
    if (fields) {
      const first = Object.entries(fields).find(([, v]) => v && v.length > 0);
      if (first) return `${first[0]}: ${first[1]![0]}`;
    }
    if (e.message) return e.message;
  }
  return "Something went wrong. Please try again.";
}
