// Answering CloudFormation: PUT the response JSON to the event's pre-signed ResponseURL, with retries.

import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';

/** The JSON CloudFormation expects at the ResponseURL. */
export interface CfnResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export interface UploadOptions {
  /** Pauses between attempts (ms): one more attempt than pauses. */
  readonly retryDelaysMs: readonly number[];
  /** Time allowed for one attempt (ms). */
  readonly attemptTimeoutMs: number;
  /** Milliseconds the Lambda function has left. */
  readonly remainingMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (message: string) => void;
  /** Accept `http://127.0.0.1` / `http://localhost` URLs (tests only). */
  readonly allowHttpLocalhost: boolean;
}

/** CloudFormation rejects response bodies over 4096 bytes. */
export const MAX_RESPONSE_BYTES = 4096;

/**
 * Shorten the Reason so the body fits CloudFormation's 4096-byte limit (Data is small and kept whole).
 */
export function fitResponse(response: CfnResponse): CfnResponse {
  const fits = (r: CfnResponse) => Buffer.byteLength(JSON.stringify(r), 'utf8') <= MAX_RESPONSE_BYTES;
  if (fits(response) || response.Reason === undefined) return response;
  const reason = response.Reason;
  const cut = (length: number): CfnResponse => ({ ...response, Reason: `${reason.slice(0, length)} [truncated; see the function log]` });
  // The longest prefix of the Reason that fits (binary search: characters are 1 to 4 bytes once encoded).
  let lo = 0;
  let hi = reason.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(mid))) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/** Why a ResponseURL cannot be used, or undefined if it can. */
export function checkResponseUrl(url: unknown, allowHttpLocalhost: boolean): string | undefined {
  if (typeof url !== 'string' || url.length === 0) return 'the event has no ResponseURL';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the ResponseURL is not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && allowHttpLocalhost && ['127.0.0.1', 'localhost'].includes(parsed.hostname)) return undefined;
  return `the ResponseURL must use https, got ${parsed.protocol}//${parsed.host}`;
}

/**
 * PUT the response, retrying network errors, 5xx and 429 with the given pauses while the function has time.
 * Never throws: returns whether CloudFormation accepted the response.
 */
export async function uploadResponse(url: string, response: CfnResponse, options: UploadOptions): Promise<boolean> {
  const body = JSON.stringify(response);
  const attempts = options.retryDelaysMs.length + 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const timeout = Math.max(1_000, Math.min(options.attemptTimeoutMs, options.remainingMs() - 500));
    let retryable: boolean;
    let problem: string;
    try {
      const status = await put(url, body, timeout);
      if (status >= 200 && status < 300) return true;
      retryable = status >= 500 || status === 429;
      problem = `HTTP ${status}`;
    } catch (e) {
      retryable = true;
      problem = (e as Error).message;
    }
    const delay = options.retryDelaysMs[attempt - 1];
    if (!retryable || delay === undefined) {
      options.log(`Uploading the ${response.Status} response failed (attempt ${attempt} of ${attempts}): ${problem}; giving up`);
      return false;
    }
    if (options.remainingMs() < delay + 1_000) {
      options.log(`Uploading the ${response.Status} response failed (attempt ${attempt} of ${attempts}): ${problem}; no time left to retry`);
      return false;
    }
    options.log(`Uploading the ${response.Status} response failed (attempt ${attempt} of ${attempts}): ${problem}; retrying in ${delay} ms`);
    await options.sleep(delay);
  }
  return false;
}

function put(url: string, body: string, timeoutMs: number): Promise<number> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // The URL is pre-signed without a content type: send an empty one, as cfn-response does.
    const req = request(url, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body, 'utf8') },
      timeout: timeoutMs,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
