#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through Node's type stripping (Node ≥ 22.18; npm scripts and
// npx use the Node 24 that ships as a devDependency on linux-x64).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `NODE_TOO_OLD: Twin Studio needs Node 22.18 or newer (found ${process.versions.node}); run it through 'npx twin-studio' or npm scripts.\n`,
  );
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
