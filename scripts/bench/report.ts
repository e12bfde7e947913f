/**
 * The bench's one table: each row a figure beside its baseline from the same run, the ratio,
 * and pass/FAIL against its goal (docs/operations.md §7). A row whose measurement itself went
 * wrong (the server did not start, a request failed) is an ERROR, which always fails the run;
 * a missed goal fails only the full run, since small data says nothing about the goals.
 */
export interface Row {
  id: string;
  what: string;
  ours?: string;
  base?: string;
  ratio?: string;
  goal?: string;
  /** the verdict against the goal; undefined for a note row */
  met?: boolean;
  /**
   * Set on a missed goal that a measured physical limit accounts for: what the limit is.
   * Such a row shows "limit", is not counted as passed, and does not fail the run.
   */
  limit?: string;
  /** why the figure could not be measured */
  error?: string;
}

export class Report {
  private readonly rows: Row[] = [];

  constructor(readonly smoke: boolean) {}

  header(title: string): void {
    console.log(`\n${title}`);
  }

  add(row: Row): void {
    this.rows.push(row);
    const verdict = row.error ? "ERROR" : row.met === undefined ? "" : row.met ? "pass" : row.limit ? "limit" : this.smoke ? "miss" : "FAIL";
    const detail = row.error ? row.error : `${row.goal ? `goal ${row.goal}` : ""}${!row.met && row.limit ? `; ${row.limit}` : ""}`;
    console.log(
      `${row.id.padEnd(4)} ${row.what.padEnd(44)} ${(row.ours ?? "").padStart(12)} ${(row.base ?? "").padStart(12)} ${(row.ratio ?? "").padStart(9)}   ${verdict.padEnd(5)}  ${detail}`,
    );
  }

  /** Runs one measurement; an exception becomes an ERROR row instead of ending the bench. */
  async measure(id: string, what: string, run: () => void | Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.add({ id, what, error: errorText(err) });
    }
  }

  columns(): void {
    this.add({ id: "", what: "", ours: "ours", base: "baseline", ratio: "ratio" });
  }

  get errors(): number {
    return this.rows.filter((r) => r.error).length;
  }

  get missed(): number {
    return this.rows.filter((r) => !r.error && r.met === false && !r.limit).length;
  }

  /** missed goals that a named, measured limit accounts for */
  get atLimit(): number {
    return this.rows.filter((r) => !r.error && r.met === false && r.limit).length;
  }

  get measured(): number {
    return this.rows.filter((r) => !r.error && r.met !== undefined).length;
  }

  /**
   * The closing line CI reads, `bench: N passed, N failed` like the other suites. Smoke: rows
   * measured without error pass; full: goals met pass, missed goals and errors fail.
   */
  summary(): { line: string; failed: number } {
    if (this.smoke) {
      if (this.missed > 0) console.log(`\n${this.missed} goal(s) missed at small size (shown as "miss"; not asserted: small data says nothing about them)`);
      return { line: `bench: ${this.measured} passed, ${this.errors} failed`, failed: this.errors };
    }
    const failed = this.missed + this.errors;
    if (this.atLimit > 0) console.log(`\n${this.atLimit} goal(s) not met at a measured physical limit (shown as "limit", with the limit named)`);
    return { line: `bench: ${this.measured - this.missed - this.atLimit} passed, ${failed} failed`, failed };
  }
}

export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!.slice(0, 160);
}

export const fmtMs = (ms: number): string => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
export const fmtRatio = (r: number): string => `${r.toFixed(2)}×`;
export const fmtCount = (n: number): string => Math.round(n).toLocaleString("en-US");
