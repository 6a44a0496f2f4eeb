// Values that depend on the region: literals when synthesis knows the region, otherwise a Terraform lookup in a
// local map (region -> value) evaluated at plan time. Not exported from the package.
import { Fn, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Region-dependent values for one construct.
 *
 * With a literal region every value is computed now. With a region known only at plan time (`region` is a
 * Terraform expression), each value is computed for every candidate region; when all agree it stays a literal,
 * otherwise it becomes `local.<map>[region]`, guarded by the caller's preconditions (`missingFrom`).
 */
export class RegionValues {
  /** Regions (among the candidates) that some looked-up value has no entry for. */
  private readonly gaps = new Set<string>();

  /**
   * @param scope where the local maps are created
   * @param region the literal region, or a Terraform expression
   * @param candidates the regions to tabulate when `region` is an expression (ignored for a literal)
   * @param literal whether `region` is a literal
   */
  constructor(
    private readonly scope: Construct,
    public readonly region: string,
    private readonly candidates: string[],
    public readonly literal: boolean,
  ) {}

  /**
   * The value for the region.
   * @param id construct id of the local map, if one is needed
   * @param compute the value in one region, or undefined where there is none (the region is then a gap)
   */
  public value(id: string, compute: (region: string) => string | undefined): string {
    if (this.literal) {
      const v = compute(this.region);
      if (v === undefined) throw new Error(`aurora-tls internal error: no ${id} for ${this.region}`);
      return v;
    }
    const table = this.table(compute);
    const distinct = new Set(Object.values(table));
    if (distinct.size === 1 && Object.keys(table).length === this.candidates.length) return [...distinct][0];
    for (const region of this.candidates) if (!(region in table)) this.gaps.add(region);
    return Fn.lookup(new TerraformLocal(this.scope, id, table).asStringMap, this.region);
  }

  /**
   * The value for the region, or `fallback` (a Terraform expression) where the table has no entry: for checks that
   * only apply where the value is known.
   */
  public valueOr(id: string, compute: (region: string) => string | undefined, fallback: string): string {
    if (this.literal) return compute(this.region) ?? fallback;
    const table = this.table(compute);
    return Fn.lookup(new TerraformLocal(this.scope, id, table).asStringMap, this.region, fallback);
  }

  /** Candidate regions missing from some `value()` map (empty for a literal region). */
  public missingRegions(): string[] {
    return this.candidates.filter((r) => this.gaps.has(r));
  }

  /** The candidate regions for which every `value()` has an entry. */
  public coveredRegions(): string[] {
    return this.candidates.filter((r) => !this.gaps.has(r));
  }

  private table(compute: (region: string) => string | undefined): { [region: string]: string } {
    const table: { [region: string]: string } = {};
    for (const region of this.candidates) {
      const v = compute(region);
      if (v !== undefined) table[region] = v;
    }
    return table;
  }
}
