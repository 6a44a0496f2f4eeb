import { LAZY_MARKER, makeTfLazy } from '../../scripts/lazy-tf';

const PEERS = { cdktf: '^0.21.0', providerAws: '^21.22.1' };
const COMPILED = [
  'Object.defineProperty(exports, "__esModule", { value: true });',
  'exports.tf = void 0;',
  '__exportStar(require("./core"), exports);',
  'exports.tf = __importStar(require("./tf"));',
  '',
].join('\n');

/** The error `fn` throws (fails when it does not throw). */
function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('makeTfLazy', () => {
  test('replaces the eager require with a caching getter, and keeps `exports.tf = void 0` for ESM named imports', () => {
    const lazy = makeTfLazy(COMPILED, PEERS);
    expect(lazy).toContain(LAZY_MARKER);
    expect(lazy).toContain('exports.tf = void 0;');
    expect(lazy).not.toContain('exports.tf = __importStar(require("./tf"));');
    expect(lazy).toContain('value = __importStar(require("./tf"));');
    expect(lazy).toContain('npm install cdktf@^0.21.0 @cdktf/provider-aws@^21.22.1');
  });

  test('is idempotent', () => {
    const lazy = makeTfLazy(COMPILED, PEERS);
    expect(makeTfLazy(lazy, PEERS)).toBe(lazy);
  });

  test('the getter loads ./tf once, on first access, and explains a missing peer dependency', () => {
    const lazy = makeTfLazy(COMPILED, PEERS);
    const load = (tfModule: () => unknown) => {
      const exports: Record<string, unknown> = {};
      const requireStub = (id: string) => (id === './tf' ? tfModule() : {});
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('exports', 'require', '__exportStar', '__importStar', lazy)(exports, requireStub, () => undefined, (m: unknown) => m);
      return exports;
    };
    let loads = 0;
    const ok = load(() => ({ loaded: ++loads }));
    expect(loads).toBe(0);
    expect(ok.tf).toEqual({ loaded: 1 });
    expect(ok.tf).toEqual({ loaded: 1 });
    expect(loads).toBe(1);

    const missing = load(() => {
      throw Object.assign(new Error("Cannot find module '@cdktf/provider-aws/lib/rds-cluster'"), { code: 'MODULE_NOT_FOUND' });
    });
    const error = caught(() => missing.tf);
    expect(error.message).toBe(
      "aurora-tls: the 'tf' submodule (CDK for Terraform constructs) needs the optional peer dependencies cdktf and @cdktf/provider-aws, " +
        'which are not installed; run: npm install cdktf@^0.21.0 @cdktf/provider-aws@^21.22.1. The core API and the AWS CDK constructs do not need them.',
    );
    expect((error.cause as Error).message).toBe("Cannot find module '@cdktf/provider-aws/lib/rds-cluster'");

    const other = load(() => {
      throw Object.assign(new Error("Cannot find module 'left-pad'"), { code: 'MODULE_NOT_FOUND' });
    });
    expect(() => other.tf).toThrow(new Error("Cannot find module 'left-pad'"));
  });

  test('fails loudly when the compiled statement is not found', () => {
    expect(() => makeTfLazy('exports.other = 1;', PEERS)).toThrow(new Error(
      'lazy-tf: expected exactly one \'exports.tf = __importStar(require("./tf"));\' in dist/index.js, found 0; ' +
        'did the TypeScript output change? Update scripts/lazy-tf.ts',
    ));
  });
});
