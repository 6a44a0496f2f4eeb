import { describeValue } from './private/util';

/**
 * A number of days a certificate authority must stay valid (`minimumValidity` of the Terraform constructs), with the
 * same bounds as the AWS CDK constructs' `Duration`: a whole number of days from 0 to 36500 (100 years).
 */
export class ValidityPeriod {
  /** The longest minimum validity accepted, in days (100 years). */
  public static readonly MAX_DAYS = 36_500;
  /** The default minimum validity, in days. */
  public static readonly DEFAULT_DAYS = 365;

  /**
   * A period of whole days.
   * @param days 0 to 36500
   * @throws when `days` is not a whole number from 0 to 36500; the message names the value
   */
  public static days(days: number): ValidityPeriod {
    const problem = ValidityPeriod.problemOfDays(days, `ValidityPeriod.days(${describeValue(days)})`, 'ValidityPeriod.days(365)');
    if (problem !== undefined) throw new Error(problem);
    return new ValidityPeriod(days);
  }

  /**
   * Why a number of days is not a minimum validity (undefined when it is), in the words both layers use.
   * @param days the number of days
   * @param given how the value was given, for the message, e.g. `1.5 days`
   * @param example a valid value in the caller's words, e.g. `Duration.days(365)`
   */
  public static problemOfDays(days: unknown, given: string, example: string): string | undefined {
    if (typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= ValidityPeriod.MAX_DAYS) return undefined;
    return `minimumValidity must be a whole number of days from 0 to ${ValidityPeriod.MAX_DAYS} (100 years), e.g. ${example}; got ${given}`;
  }

  private constructor(private readonly numberOfDays: number) {}

  /** The number of days. */
  public toDays(): number {
    return this.numberOfDays;
  }

  /** `365 days` */
  public toString(): string {
    return `${this.numberOfDays} days`;
  }
}
