// A local stand-in for the AWS APIs the ca-check handler calls, good enough for the REAL AWS SDK v3 clients
// pointed at it with `endpoint` (S3 with `forcePathStyle: true`):
//
// - RDS Query protocol: form-encoded POST, `Action=DescribeCertificates` / `DescribeDBEngineVersions`, XML answers
//   in the 2014-10-31 namespace, XML `<ErrorResponse>` faults.
// - S3 REST, path style: PUT / HEAD / DELETE object, GET bucket?encryption.
// - S3 conditional writes: `If-None-Match: *` and `If-Match: <etag>` on PutObject answer 412 PreconditionFailed.
// - SSM JSON 1.1: `X-Amz-Target: AmazonSSM.PutParameter` / `GetParameters` / `DeleteParameters` /
//   `ListTagsForResource` / `AddTagsToResource` (tags kept per parameter; SSM refuses Tags with Overwrite).
// - The CloudFormation pre-signed response URL: PUT /cfn/<anything>, bodies recorded.
//
// Faults are scripted per test with `fail()`: an error status/code N times (after letting `skip` calls through),
// or a delay before answering.

import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export type FakeService = 'rds' | 's3' | 'ssm' | 'cfn';

export interface FakeCertificate {
  readonly identifier: string;
  readonly thumbprint: string;
  readonly validFrom: Date;
  readonly validTill: Date;
}

export interface FakeEngineVersion {
  readonly engine: string;
  readonly version: string;
  readonly supportedCas: string[];
  readonly rotationWithoutRestart?: boolean;
  /** Whether it is the engine's default version (`DefaultOnly=true` returns only these). */
  readonly isDefault?: boolean;
}

export interface FakeFault {
  readonly service: FakeService;
  /** Operation name (`DescribeCertificates`, `PutObject`, `PutParameter`, `PutResponse`, ...), or '*'. */
  readonly operation: string;
  /** Only calls whose detail passes this test (e.g. an SSM parameter name). */
  readonly when?: (call: RecordedCall) => boolean;
  /** Let this many matching calls through before faulting. @default 0 */
  readonly skip?: number;
  /** How many matching calls fault. @default 1 */
  readonly times?: number;
  /** HTTP status of the error; omit for a pure delay. */
  readonly status?: number;
  /** Error code, e.g. `Throttling`, `AccessDenied`, `ThrottlingException`. */
  readonly code?: string;
  readonly message?: string;
  /** Hold the answer this long (ms) before sending it. */
  readonly delayMs?: number;
  /** Called when a call faults, once it has arrived (e.g. to move a fake clock to the deadline while it is held). */
  readonly onArrival?: (call: RecordedCall) => void;
}

export interface RecordedCall {
  readonly service: FakeService;
  readonly operation: string;
  /** RDS: the form parameters; SSM: the JSON body; S3: bucket/key/headers; cfn: the path. */
  readonly detail: Record<string, any>;
}

export interface StoredObject {
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly metadata: Record<string, string>;
}

export interface StoredParameter {
  readonly value: string;
  readonly type: string;
  readonly version: number;
}

export interface FakeBucket {
  /** Default encryption of the bucket, or none configured. */
  encryption?: 'AES256' | 'aws:kms';
  readonly objects: Map<string, StoredObject>;
}

export interface CfnUpload {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

const RDS_NS = 'http://rds.amazonaws.com/doc/2014-10-31/';

export class FakeAws {
  /** Start a server on 127.0.0.1, random port. Close it with `close()`. */
  public static async start(): Promise<FakeAws> {
    const fake = new FakeAws();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Certificates RDS offers in "the" region, in the order DescribeCertificates returns them. */
  public certificates: FakeCertificate[] = [];
  public engineVersions: FakeEngineVersion[] = [];
  /** DescribeCertificates / DescribeDBEngineVersions page size when the caller gives no MaxRecords. */
  public pageSize = 100;
  /** Empty pages (with a Marker) returned before the first real page of every DescribeCertificates. */
  public emptyLeadingPages = 0;
  public readonly buckets = new Map<string, FakeBucket>();
  public readonly parameters = new Map<string, StoredParameter>();
  /** Tags of the parameters, by name (removed with the parameter). */
  public readonly parameterTags = new Map<string, Record<string, string>>();
  public readonly uploads: CfnUpload[] = [];
  public readonly calls: RecordedCall[] = [];

  private readonly server: Server;
  private readonly faults: Array<FakeFault & { skipped: number; used: number }> = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.statusCode = 599;
        res.end(`fake-aws bug: ${err?.stack ?? err}`);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** `http://127.0.0.1:<port>` */
  public get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** A CloudFormation-style pre-signed response URL served by this fake. */
  public responseUrl(name = 'response'): string {
    return `${this.endpoint}/cfn/${name}?X-Amz-Signature=fake`;
  }

  public addBucket(name: string, encryption?: 'AES256' | 'aws:kms'): FakeBucket {
    const bucket: FakeBucket = { encryption, objects: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  public fail(fault: FakeFault): void {
    this.faults.push({ ...fault, skipped: 0, used: 0 });
  }

  /** The recorded calls of one service (and operation). */
  public callsTo(service: FakeService, operation?: string): RecordedCall[] {
    return this.calls.filter((c) => c.service === service && (operation === undefined || c.operation === operation));
  }

  public async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let call: RecordedCall;
    let answer: () => void;

    if (url.pathname.startsWith('/cfn/')) {
      call = { service: 'cfn', operation: 'PutResponse', detail: { path: url.pathname, method: req.method } };
      answer = () => this.cfn(req, body, url, res);
    } else if (req.method === 'POST' && typeof req.headers['x-amz-target'] === 'string') {
      const operation = String(req.headers['x-amz-target']).replace(/^AmazonSSM\./, '');
      const input = JSON.parse(body.toString('utf8') || '{}');
      call = { service: 'ssm', operation, detail: input };
      answer = () => this.ssm(operation, input, res);
    } else if (req.method === 'POST' && url.pathname === '/') {
      const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      call = { service: 'rds', operation: form.Action, detail: form };
      answer = () => this.rds(form, res);
    } else {
      const [bucket, ...rest] = url.pathname.slice(1).split('/');
      const key = rest.map(decodeURIComponent).join('/');
      const operation = s3Operation(req.method ?? 'GET', key, url);
      call = { service: 's3', operation, detail: { bucket, key, headers: { ...req.headers } } };
      answer = () => this.s3(operation, decodeURIComponent(bucket), key, req, body, res);
    }
    this.calls.push(call);

    const fault = this.faults.find((f) =>
      f.service === call.service && (f.operation === '*' || f.operation === call.operation) &&
      (!f.when || f.when(call)) && f.used < (f.times ?? 1));
    if (fault && fault.skipped < (fault.skip ?? 0)) {
      fault.skipped++;
    } else if (fault) {
      fault.used++;
      const respond = fault.status === undefined ? answer : () => this.error(call, fault, res);
      fault.onArrival?.(call);
      if (fault.delayMs) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!res.destroyed) respond();
        }, fault.delayMs);
        this.timers.add(timer);
      } else {
        respond();
      }
      return;
    }
    answer();
  }

  // ---------------------------------------------------------------- RDS (Query protocol, XML)

  private rds(form: Record<string, string>, res: ServerResponse): void {
    switch (form.Action) {
      case 'DescribeCertificates': {
        const id = form.CertificateIdentifier;
        const matching = id === undefined ? this.certificates : this.certificates.filter((c) => c.identifier === id);
        if (id !== undefined && matching.length === 0) {
          return this.rdsError(res, 404, 'CertificateNotFound', `CertificateIdentifier ${id} not found`);
        }
        const { page, marker } = this.paginate(matching, form, this.emptyLeadingPages);
        const items = page.map((c) => node('Certificate',
          xml('CertificateIdentifier', c.identifier) + xml('CertificateType', 'CA') +
          xml('Thumbprint', c.thumbprint) + xml('ValidFrom', iso(c.validFrom)) + xml('ValidTill', iso(c.validTill)) +
          xml('CertificateArn', `arn:aws:rds:us-east-1::cert:${c.identifier}`) + xml('CustomerOverride', 'false'))).join('');
        return this.rdsResult(res, 'DescribeCertificates',
          xml('DefaultCertificateForNewLaunches', 'rds-ca-rsa2048-g1') + node('Certificates', items) + (marker ? xml('Marker', marker) : ''));
      }
      case 'DescribeDBEngineVersions': {
        // As RDS: DefaultOnly keeps the engine's default version; IncludeAll and ListSupported* change nothing here.
        const matching = this.engineVersions.filter((v) =>
          (form.Engine === undefined || v.engine === form.Engine) && (form.EngineVersion === undefined || v.version === form.EngineVersion) &&
          (form.DefaultOnly !== 'true' || v.isDefault === true));
        const { page, marker } = this.paginate(matching, form, 0);
        const items = page.map((v) => node('DBEngineVersion',
          xml('Engine', v.engine) + xml('EngineVersion', v.version) + xml('DBParameterGroupFamily', parameterGroupFamily(v)) +
          node('SupportedCACertificateIdentifiers', v.supportedCas.map((ca) => xml('member', ca)).join('')) +
          (v.rotationWithoutRestart === undefined ? '' : xml('SupportsCertificateRotationWithoutRestart', String(v.rotationWithoutRestart))))).join('');
        return this.rdsResult(res, 'DescribeDBEngineVersions', node('DBEngineVersions', items) + (marker ? xml('Marker', marker) : ''));
      }
      default:
        return this.rdsError(res, 400, 'InvalidAction', `The action ${form.Action} is not valid for this web service.`);
    }
  }

  /** Markers are `page:<offset>` (or `empty:<n>` while serving empty leading pages). */
  private paginate<T>(items: T[], form: Record<string, string>, emptyPages: number): { page: T[]; marker?: string } {
    const size = form.MaxRecords ? Number(form.MaxRecords) : this.pageSize;
    const marker = form.Marker ?? (emptyPages > 0 ? 'empty:0' : 'page:0');
    if (marker.startsWith('empty:')) {
      const n = Number(marker.slice('empty:'.length));
      if (n < emptyPages) return { page: [], marker: n + 1 < emptyPages ? `empty:${n + 1}` : 'page:0' };
    }
    const offset = marker.startsWith('page:') ? Number(marker.slice('page:'.length)) : 0;
    const page = items.slice(offset, offset + size);
    return { page, marker: offset + size < items.length ? `page:${offset + size}` : undefined };
  }

  private rdsResult(res: ServerResponse, action: string, inner: string): void {
    send(res, 200, { 'content-type': 'text/xml' },
      `<${action}Response xmlns="${RDS_NS}">${node(`${action}Result`, inner)}` +
      `${node('ResponseMetadata', xml('RequestId', randomUUID()))}</${action}Response>`);
  }

  private rdsError(res: ServerResponse, status: number, code: string, message: string): void {
    send(res, status, { 'content-type': 'text/xml' },
      `<ErrorResponse xmlns="${RDS_NS}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `${xml('Code', code)}${xml('Message', message)}</Error>${xml('RequestId', randomUUID())}</ErrorResponse>`);
  }

  // ---------------------------------------------------------------- S3 (REST, path style)

  private s3(operation: string, bucketName: string, key: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) {
      if (operation === 'HeadObject') return send(res, 404, {}, '');
      return s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    }
    switch (operation) {
      case 'GetBucketEncryption': {
        if (!bucket.encryption) {
          return s3Error(res, 404, 'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
        }
        const kms = bucket.encryption === 'aws:kms' ? xml('KMSMasterKeyID', 'arn:aws:kms:us-east-1:111111111111:key/fake') : '';
        return send(res, 200, { 'content-type': 'application/xml' },
          '<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
          node('Rule', node('ApplyServerSideEncryptionByDefault', xml('SSEAlgorithm', bucket.encryption) + kms) + xml('BucketKeyEnabled', 'false')) +
          '</ServerSideEncryptionConfiguration>');
      }
      case 'PutObject': {
        const headers: Record<string, string> = {};
        const metadata: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value !== 'string') continue;
          headers[name] = value;
          if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
        }
        const current = bucket.objects.get(key);
        const ifNoneMatch = req.headers['if-none-match'];
        const ifMatch = req.headers['if-match'];
        if ((ifNoneMatch === '*' && current) || (ifMatch !== undefined && (!current || ifMatch !== etagOf(current.body)))) {
          return s3Error(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
        }
        const content = (req.headers['content-encoding'] ?? '').includes('aws-chunked') ? decodeAwsChunked(body) : body;
        bucket.objects.set(key, { body: content.toString('utf8'), headers, metadata });
        return send(res, 200, { etag: `"${createHash('md5').update(content).digest('hex')}"` }, '');
      }
      case 'HeadObject': {
        const obj = bucket.objects.get(key);
        if (!obj) return send(res, 404, {}, '');
        const meta = Object.fromEntries(Object.entries(obj.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v]));
        res.writeHead(200, {
          'content-type': obj.headers['content-type'] ?? 'binary/octet-stream',
          'content-length': String(Buffer.byteLength(obj.body)),
          'etag': etagOf(obj.body),
          ...meta,
        });
        res.end();
        return;
      }
      case 'DeleteObject':
        bucket.objects.delete(key);
        return send(res, 204, {}, '');
      default:
        return s3Error(res, 501, 'NotImplemented', `fake-aws does not implement ${operation}`);
    }
  }

  // ---------------------------------------------------------------- SSM (JSON 1.1)

  private ssm(operation: string, input: any, res: ServerResponse): void {
    switch (operation) {
      case 'PutParameter': {
        const existing = this.parameters.get(input.Name);
        if (input.Tags !== undefined && input.Overwrite) {
          return jsonError(res, 400, 'ValidationException',
            "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. " +
            'To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.');
        }
        if (existing && !input.Overwrite) {
          return jsonError(res, 400, 'ParameterAlreadyExists', 'The parameter already exists.');
        }
        const version = (existing?.version ?? 0) + 1;
        this.parameters.set(input.Name, { value: input.Value, type: input.Type, version });
        if (!existing) this.parameterTags.set(input.Name, tagsOf(input.Tags));
        return sendJson(res, 200, { Version: version, Tier: 'Standard' });
      }
      case 'GetParameters': {
        const names: string[] = input.Names ?? [];
        const found = names.filter((n) => this.parameters.has(n));
        return sendJson(res, 200, {
          Parameters: found.map((n) => {
            const p = this.parameters.get(n)!;
            return { Name: n, Type: p.type, Value: p.value, Version: p.version, DataType: 'text' };
          }),
          InvalidParameters: names.filter((n) => !this.parameters.has(n)),
        });
      }
      case 'DeleteParameters': {
        const names: string[] = input.Names ?? [];
        const deleted = names.filter((n) => this.parameters.delete(n));
        deleted.forEach((n) => this.parameterTags.delete(n));
        return sendJson(res, 200, { DeletedParameters: deleted, InvalidParameters: names.filter((n) => !deleted.includes(n)) });
      }
      case 'ListTagsForResource':
      case 'AddTagsToResource': {
        if (input.ResourceType !== 'Parameter' || !this.parameters.has(input.ResourceId)) {
          return jsonError(res, 400, 'InvalidResourceId', 'The resource ID is not valid. Verify that the ID is correct and try again.');
        }
        const tags = this.parameterTags.get(input.ResourceId) ?? {};
        if (operation === 'AddTagsToResource') {
          this.parameterTags.set(input.ResourceId, { ...tags, ...tagsOf(input.Tags) });
          return sendJson(res, 200, {});
        }
        return sendJson(res, 200, { TagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
      }
      default:
        return jsonError(res, 400, 'InvalidAction', `fake-aws does not implement ${operation}`);
    }
  }

  // ---------------------------------------------------------------- CloudFormation response URL

  private cfn(req: IncomingMessage, body: Buffer, url: URL, res: ServerResponse): void {
    if (req.method !== 'PUT') return send(res, 405, {}, 'PUT only');
    let parsed: any;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = { unparsable: body.toString('utf8') };
    }
    this.uploads.push({ path: url.pathname, headers: { ...req.headers }, body: parsed });
    send(res, 200, {}, '');
  }

  // ---------------------------------------------------------------- scripted faults

  private error(call: RecordedCall, fault: FakeFault, res: ServerResponse): void {
    const status = fault.status!;
    const code = fault.code ?? (status >= 500 ? 'InternalFailure' : 'BadRequest');
    const message = fault.message ?? `${code} (scripted by fake-aws)`;
    switch (call.service) {
      case 'rds': return this.rdsError(res, status, code, message);
      case 's3': return call.operation === 'HeadObject' ? send(res, status, {}, '') : s3Error(res, status, code, message);
      case 'ssm': return jsonError(res, status, code, message);
      case 'cfn': return send(res, status, {}, `<Error><Code>${code}</Code></Error>`);
    }
  }
}

function s3Operation(method: string, key: string, url: URL): string {
  if (key === '' && method === 'GET' && url.searchParams.has('encryption')) return 'GetBucketEncryption';
  switch (method) {
    case 'PUT': return 'PutObject';
    case 'HEAD': return 'HeadObject';
    case 'DELETE': return 'DeleteObject';
    case 'GET': return 'GetObject';
    default: return method;
  }
}

function etagOf(body: string): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function tagsOf(tags: Array<{ Key: string; Value: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Decode `Content-Encoding: aws-chunked` (unsigned payload with trailing checksum). */
function decodeAwsChunked(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) break;
    const size = parseInt(body.subarray(pos, eol).toString('ascii').split(';')[0], 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'x-amzn-requestid': randomUUID(), 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify(body));
}

function jsonError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code }, JSON.stringify({ __type: code, message }));
}

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { 'content-type': 'application/xml' },
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${xml('Code', code)}${xml('Message', message)}${xml('RequestId', 'FAKE')}</Error>`);
}

/** An element with escaped text content. */
function xml(tag: string, text: string): string {
  return `<${tag}>${escapeXml(text)}</${tag}>`;
}

/** An element whose content is already XML. */
function node(tag: string, inner: string): string {
  return `<${tag}>${inner}</${tag}>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

/** The parameter group family RDS reports: `aurora-postgresql16`, `aurora-mysql8.0`. */
function parameterGroupFamily(v: FakeEngineVersion): string {
  const mysql = /^(\d+\.\d+)\.mysql_aurora\./.exec(v.version);
  return mysql ? `${v.engine}${mysql[1]}` : `${v.engine}${v.version.split('.')[0]}`;
}
