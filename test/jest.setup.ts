// `npx projen test` sets this already (see .projenrc.ts); this covers jest run directly (npx jest).
// On Node.js 20, which the README tells users to leave, the AWS SDK warns once per test file that
// its releases after January 2027 need Node.js 22. On any other version the setting is left alone.
if (parseInt(process.versions.node, 10) === 20) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
