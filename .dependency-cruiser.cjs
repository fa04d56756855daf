/**
 * The import rules of the house (docs/architecture.md), checked by `npm run lint` in `npm test` and CI.
 *
 * What ships (functions/, lib/function/) is bundled into the SCF function; the tooling
 * (lib/tools/: emulator, dev stack, CLI, deploy, build; bench/) may import anything shipped,
 * never the reverse. Inside what ships, layers only look down:
 *   entry (handler, deps) → adapters (triggers, http, tencent) → core → ports → kernel
 * and the core is ordered too: pipeline → ledger → guardrails → result → config → request.
 */
const F = '^lib/function/';
const layers = {
  entry: [`${F}(handler|deps)\\.ts$`, '^functions/'],
  adapters: [`${F}(triggers|http|tencent|slack)/`],
  core: [`${F}(request|config|result|guardrails|ledger|pipeline)/`],
  ports: [`${F}ports/`],
  kernel: [`${F}kernel/`],
};
const order = ['entry', 'adapters', 'core', 'ports', 'kernel'];
const core = ['pipeline', 'ledger', 'guardrails', 'result', 'config', 'request'];

/** A rule forbidding imports from `from` (paths) to `to` (paths). */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

const layerRules = order.flatMap((lower, i) =>
  order
    .slice(0, i)
    .map((upper) =>
      forbid(`${lower}-not-up-to-${upper}`, `the ${lower} layer must not import the ${upper} layer (layers only look down)`, layers[lower], layers[upper]),
    ),
);
const coreRules = core.flatMap((lower, i) =>
  core
    .slice(0, i)
    .map((upper) =>
      forbid(
        `core-${lower}-not-up-to-${upper}`,
        `core: ${lower} must not import ${upper} (pipeline → ledger → guardrails → result → config → request)`,
        `${F}${lower}/`,
        `${F}${upper}/`,
      ),
    ),
);

module.exports = {
  forbidden: [
    forbid(
      'shipped-not-to-tooling',
      'what ships (functions/, lib/function/) must never import tooling, tests or the bench: it would be bundled into the function',
      ['^functions/', F],
      ['^lib/tools/', '^bench/', '^test/'],
    ),
    {
      ...forbid(
        'sdk-only-in-tencent-adapters',
        'only lib/function/tencent/ talks to tencentcloud-sdk-nodejs; the rest of the function uses the ports',
        F,
        'node_modules/tencentcloud-sdk-nodejs',
      ),
      from: { path: F, pathNot: `${F}tencent/` },
    },
    forbid('triggers-not-to-http', 'trigger adapters normalise events; the HTTP adapter builds on them, not the reverse', `${F}triggers/`, `${F}http/`),
    forbid(
      'inbound-not-to-outbound',
      'trigger and HTTP adapters reach the cloud through the ports, never through the SDK adapters',
      `${F}(triggers|http)/`,
      `${F}tencent/`,
    ),
    forbid('outbound-not-to-inbound', 'the SDK adapters know nothing of triggers or HTTP', `${F}tencent/`, `${F}(triggers|http)/`),
    ...layerRules,
    ...coreRules,
    {
      name: 'no-circular',
      comment: 'no import cycles anywhere',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'emulator-holds-its-own-truth',
      comment: "the emulator never imports the function's modules: a wrong rule in one is caught by the other",
      severity: 'error',
      from: { path: '^lib/tools/emulator/' },
      to: { path: F },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test-output)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.cjs', '.json'],
    },
  },
};
