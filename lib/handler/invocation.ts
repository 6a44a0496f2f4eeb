// One invocation's budget: AWS calls with retries on throttling and 5xx, bounded by the Lambda deadline.

/** The part of the Lambda context the handler uses. */
export interface DeadlineContext {
  getRemainingTimeInMillis(): number;
}

export interface RetryPolicy {
  /** Attempts per call, first one included. */
  readonly maxAttempts: number;
  /** Pause before the second attempt (ms); doubled each time, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The work did not finish while enough time was left to answer CloudFormation. */
export class DeadlineExceededError extends Error {
  constructor(public readonly step: string) {
    super(`timed out during ${step}`);
    this.name = 'DeadlineExceededError';
  }
}

/** An AWS call that failed for good (not retryable, or out of attempts). */
export class AwsCallError extends Error {
  constructor(
    public readonly step: string,
    public readonly cause: unknown,
    public readonly attempts: number,
    hint: string | undefined,
  ) {
    super(`${step} failed${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${describeAwsError(cause)}${hint ? `; ${hint}` : ''}`);
    this.name = 'AwsCallError';
  }

  /** The AWS error code (name) of the cause. */
  public get code(): string {
    return errorCode(this.cause);
  }
}

const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'BandwidthLimitExceeded', 'PriorRequestNotComplete',
]);
const TRANSIENT = new Set([
  'InternalFailure', 'InternalError', 'InternalServerError', 'ServiceUnavailable', 'RequestTimeout', 'RequestTimeoutException',
  'TimeoutError', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN',
]);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);

/** The AWS error code of an SDK error (its name, or `Code`), or a Node network error code. */
export function errorCode(e: unknown): string {
  const err = e as { name?: unknown; Code?: unknown; code?: unknown } | undefined;
  if (err && typeof err.code === 'string' && /^E[A-Z_]+$/.test(err.code)) return err.code;
  if (err && typeof err.name === 'string' && err.name !== 'Error') return err.name;
  if (err && typeof err.Code === 'string') return err.Code;
  return 'Error';
}

export function httpStatusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

export function isThrottlingOrTransient(e: unknown): boolean {
  const code = errorCode(e);
  const status = httpStatusOf(e) ?? 0;
  return THROTTLING.has(code) || TRANSIENT.has(code) || status >= 500 || status === 429;
}

export function isAccessDenied(e: unknown): boolean {
  return ACCESS_DENIED.has(errorCode(e)) || httpStatusOf(e) === 403;
}

/** `Code: message` of an SDK error, without the stack. */
export function describeAwsError(e: unknown): string {
  const status = httpStatusOf(e);
  let code = errorCode(e);
  // Answers without a body (HEAD requests) carry no error code: name the HTTP status instead.
  if (['Unknown', 'UnknownError', 'Error'].includes(code) && status !== undefined) code = HTTP_STATUS_NAMES[status] ?? code;
  const message = e instanceof Error ? e.message : String(e);
  if (!message || message === code || ['Unknown', 'UnknownError'].includes(message)) {
    return status ? `${code} (HTTP ${status})` : code;
  }
  return `${code}: ${message}`;
}

const HTTP_STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 500: 'InternalError', 503: 'ServiceUnavailable',
};

export interface InvocationOptions {
  readonly context: DeadlineContext;
  /** Time kept back for answering CloudFormation (ms). */
  readonly reserveMs: number;
  readonly retry: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  /** Calls `callback` after `ms` (the deadline timer); returns a function that cancels it. */
  readonly setTimer: (callback: () => void, ms: number) => () => void;
  /** Uniform in [0, 1): jitter for retry pauses. */
  readonly random: () => number;
  readonly log: (message: string) => void;
}

/**
 * Runs the AWS calls of one invocation. Each call is retried on throttling and 5xx with exponential backoff
 * (jittered between 50 % and 100 % of the nominal pause) and aborted once the Lambda function has no more
 * time than `reserveMs` left.
 */
export class Invocation {
  /** What the invocation is doing now, for the timeout message. */
  public step = 'start-up';
  private readonly controller = new AbortController();
  private cancelTimer?: () => void;
  private readonly expired: Promise<never>;

  constructor(private readonly options: InvocationOptions) {
    this.expired = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(new DeadlineExceededError(this.step)));
    });
    this.expired.catch(() => undefined);
  }

  /** Milliseconds left for work (the reserve excluded). */
  public remainingMs(): number {
    return this.options.context.getRemainingTimeInMillis() - this.options.reserveMs;
  }

  /**
   * Run `work`, rejecting with DeadlineExceededError (and aborting in-flight AWS calls) once the time for work is up.
   */
  public async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.remainingMs() <= 0) throw new DeadlineExceededError(this.step);
    this.cancelTimer = this.options.setTimer(() => this.controller.abort(), this.remainingMs());
    const running = work();
    running.catch(() => undefined);
    try {
      return await Promise.race([running, this.expired]);
    } finally {
      this.cancelTimer?.();
    }
  }

  /**
   * Call AWS with retries. `fn` gets the abort signal to pass to `client.send(command, { abortSignal })`.
   * @param step what the call does, for messages (e.g. `PutObject s3://bucket/key`)
   * @param hint appended to the failure message when AWS denies access (e.g. the IAM action needed)
   */
  public async call<T>(step: string, fn: (abortSignal: AbortSignal) => Promise<T>, hint?: string): Promise<T> {
    this.step = step;
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      if (this.controller.signal.aborted || this.remainingMs() <= 0) throw new DeadlineExceededError(step);
      try {
        return await fn(this.controller.signal);
      } catch (e) {
        if (this.controller.signal.aborted) throw new DeadlineExceededError(step);
        if (!isThrottlingOrTransient(e) || attempt >= maxAttempts) {
          throw new AwsCallError(step, e, attempt, isAccessDenied(e) ? hint : undefined);
        }
        const nominal = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.round(nominal * (0.5 + this.options.random() / 2));
        if (this.remainingMs() - delay <= 0) throw new DeadlineExceededError(step);
        this.options.log(`${step}: ${describeAwsError(e)} (attempt ${attempt} of ${maxAttempts}); retrying in ${delay} ms`);
        await this.options.sleep(delay);
      }
    }
  }
}
