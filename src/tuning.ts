/**
 * A tuned number with its record, in the style of src/sim/costs.ts: the value with its unit,
 * why it is there, and where the value came from. Tags: [M] measured (the eval, bench or
 * corpus count that chose it, with the commit that recorded it), [R] read in a spec, [E] set by
 * hand with no measurement recorded (a candidate for the next eval). Each module that has
 * such numbers keeps one table of them (thread/tuning.ts, extract/tuning.ts) and reads
 * `TABLE.name.value` where it uses one.
 */
export interface Tuned {
  readonly value: number;
  readonly unit: string;
  readonly why: string;
  readonly source: string;
}
