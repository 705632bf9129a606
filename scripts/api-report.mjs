#!/usr/bin/env node
// The package's public API, kept on purpose: API Extractor's reports of each entry point (etc/*.api.md) and
// the element's reference (docs/reference/element.md, from custom-elements.json), all checked in.
//
//   node scripts/api-report.mjs           (`npm run api`)        rewrites the reports and the reference
//   node scripts/api-report.mjs --check   (`npm run api:check`)  exits 1 when one differs from what is checked in
//
// The declarations are tsc's, written into .scratch/api/dts/ with the project's tsconfig.json: the same .d.ts
// files as `rollup -c` writes into dist/ (checked when this was set up), in a tenth of the time. The kernels'
// modules (src/**/*.wasm.ts) must exist: the npm scripts run models/build-kernels.mjs first.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompilerState, ConsoleMessageId, Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';
import { elementReference, MANIFEST, REFERENCE } from './element-reference.mjs';

const check = process.argv.includes('--check');
const root = fileURLToPath(new URL('../', import.meta.url));
const scratch = join(root, '.scratch/api');
const dts = '.scratch/api/dts'; // api-extractor.json's mainEntryPointFilePath points in here too

/** The entry points with a report of their own (package.json "exports" subpath → declarations under dist/, report name). */
const ENTRIES = [
  { subpath: '.', types: 'index.d.ts', report: '<unscopedPackageName>' }, // etc/style-transfer-element.api.md
  { subpath: './react', types: 'react/index.d.ts', report: 'react' },
  { subpath: './vue', types: 'vue/index.d.ts', report: 'vue' },
];
/** Subpaths whose exports the main entry re-exports, so that its report covers them (checked below). */
const COVERED = ['./engine', './style-transfer.component.js'];

const fail = (message) => {
  console.error(`\napi: ${message}`);
  process.exit(1);
};

// A new typed subpath in package.json "exports" must be reported (or be known to be covered).
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const covered = []; // their declarations, under .scratch/api/dts/
for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
  const types = typeof target === 'object' ? target.types : undefined;
  if (!types) continue;
  if (COVERED.includes(subpath)) {
    covered.push({ subpath, file: join(root, dts, types.replace(/^\.\/dist\//, '')) });
    continue;
  }
  const entry = ENTRIES.find((candidate) => candidate.subpath === subpath);
  if (!entry) fail(`package.json exports "${subpath}" (${types}) but scripts/api-report.mjs neither reports it (ENTRIES) nor lists it as covered (COVERED)`);
  if (types !== `./dist/${entry.types}`) fail(`package.json's "${subpath}" types are ${types}, scripts/api-report.mjs reads dist/${entry.types}`);
}

// 1. The declarations.
await rm(scratch, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--emitDeclarationOnly', '--declarationMap', 'false', '--outDir', dts], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) fail('tsc could not write the declarations (see above)');

// 2. One report per entry point, from one shared program.
const base = ExtractorConfig.loadFile(join(root, 'api-extractor.json'));
const configs = ENTRIES.map(({ types, report }) =>
  ExtractorConfig.prepare({
    configObject: {
      ...base,
      mainEntryPointFilePath: `<projectFolder>/${dts}/${types}`,
      apiReport: { ...base.apiReport, reportFileName: report },
    },
    configObjectFullPath: join(root, 'api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
  }),
);
if (!check) await mkdir(join(root, 'etc'), { recursive: true }); // API Extractor writes a report only into a folder that exists
const compilerState = CompilerState.create(configs[0], {
  additionalEntryPoints: [...configs.slice(1).map((config) => config.mainEntryPointFilePath), ...covered.map(({ file }) => file)],
});

// Each covered subpath exports nothing that the main entry does not.
const { program } = compilerState;
const checker = program.getTypeChecker();
const exportsOf = (file) => {
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) fail(`${file} is missing, or not a module`);
  return checker.getExportsOfModule(module).map((symbol) => symbol.name);
};
const mainExports = new Set(exportsOf(configs[0].mainEntryPointFilePath));
for (const { subpath, file } of covered) {
  const missing = exportsOf(file).filter((name) => !mainExports.has(name));
  if (missing.length) fail(`"${subpath}" exports ${missing.join(', ')}, which "." does not: give it a report of its own (ENTRIES in scripts/api-report.mjs)`);
}
const changed = [];
// What API Extractor says about a report it compared: the outcome, not a problem.
const REPORT_NOTICES = new Set([ConsoleMessageId.ApiReportNotCopied, ConsoleMessageId.ApiReportCopied, ConsoleMessageId.ApiReportCreated, ConsoleMessageId.ApiReportDiff]);
let problems = 0; // errors and warnings otherwise (compiler messages, ae-* messages left at "warning")
for (const config of configs) {
  const result = Extractor.invoke(config, {
    localBuild: !check,
    compilerState,
    printApiReportDiff: check,
    messageCallback: (message) => {
      // Keep the log to what needs attention (not "Analysis will use the bundled TypeScript version …").
      if (message.logLevel === ExtractorLogLevel.Info || message.logLevel === ExtractorLogLevel.Verbose) message.handled = true;
      else if ((message.logLevel === ExtractorLogLevel.Warning || message.logLevel === ExtractorLogLevel.Error) && !REPORT_NOTICES.has(message.messageId)) problems++;
    },
  });
  const report = config.reportConfigs.map(({ fileName }) => `etc/${fileName}`).join(', ');
  if (result.apiReportChanged) changed.push(report);
  if (!check && result.apiReportChanged) console.log(`api: wrote ${report}`);
}

// 3. The element's reference page.
const referenceUpToDate = await elementReference({ check });
if (!check && !referenceUpToDate) console.log(`api: wrote ${REFERENCE}`);

const problem = problems > 0 && `API Extractor reported ${problems} problem(s) (see above): fix them or set their logLevel in api-extractor.json`;
if (check) {
  const messages = [];
  if (changed.length) messages.push(`the exported API changed: run \`npm run api\` and commit etc/*.api.md (differs: ${changed.join(', ')})`);
  if (!referenceUpToDate) messages.push(`${REFERENCE} is stale compared to ${MANIFEST}: run \`npm run api\` and commit it`);
  if (problem) messages.push(problem);
  if (messages.length) fail(messages.join('\napi: '));
  console.log(`api: etc/*.api.md and ${REFERENCE} are up to date`);
} else if (problem) {
  fail(problem);
}
