#!/usr/bin/env node
// Prints the code block that follows `<!-- NAME -->` in README.md, so that run.sh runs the README's
// pre-release lines exactly as a reader copies them, and the two can't drift apart.
//
//   node bindings/readme-block.js pre-release:python
'use strict';
const fs = require('fs');
const path = require('path');

const name = process.argv[2];
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const marker = `<!-- ${name} -->`;
const at = readme.indexOf(marker);
const block = at < 0 ? null : /^\s*```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at + marker.length));
if (!name || !block) {
  console.error(`README.md has no code block after ${marker}`);
  process.exit(1);
}
process.stdout.write(`${block[1]}\n`);
