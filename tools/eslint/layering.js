// Layering rule: which folder may import what. Modelled on VS Code's code-layering rule.
// Each layer lists what it may import; an import outside that list is an error that names both ends.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** @type {{ layer: string, dir: string, allowPackages: (name: string) => boolean, allowDirs: string[], why: string }[]} */
const LAYERS = [
  {
    layer: 'errors',
    dir: 'src/errors',
    allowPackages: () => false,
    allowDirs: ['src/errors'],
    why: 'src/errors (the error catalogue and StudioError) is pure TypeScript: the contract and the core both import it',
  },
  {
    layer: 'lifecycle',
    dir: 'src/lifecycle',
    allowPackages: () => false,
    allowDirs: ['src/lifecycle'],
    why: 'src/lifecycle (disposables) is pure TypeScript: the core and the renderer both import it',
  },
  {
    layer: 'contract',
    dir: 'src/contract',
    allowPackages: (name) => name === 'zod',
    allowDirs: ['src/contract', 'src/errors'],
    why: 'src/contract is pure TypeScript + zod (and the error catalogue): the renderer, preload, main and HTTP bridge all import it',
  },
  {
    layer: 'core',
    dir: 'src',
    allowPackages: (name) => !UI_OR_SHELL_PACKAGES.has(name),
    allowDirs: ['src', 'models', 'assets'],
    why: 'src/ is plain Node: it never imports electron, react or the DOM',
  },
  {
    layer: 'renderer',
    dir: 'renderer',
    allowPackages: (name) => RENDERER_PACKAGES.has(name),
    allowDirs: ['renderer', 'src/contract', 'src/lifecycle'],
    why: 'the renderer talks to the core only through src/contract (and may use the disposables of src/lifecycle)',
  },
  {
    layer: 'preload',
    dir: 'electron/preload',
    allowPackages: (name) => name === 'electron',
    allowDirs: ['electron/preload', 'src/contract'],
    why: 'the preload exposes the contract and nothing else',
  },
];

const UI_OR_SHELL_PACKAGES = new Set(['electron', 'react', 'react-dom', 'react-konva', 'konva', 'zustand']);
const RENDERER_PACKAGES = new Set([
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  'react-konva',
  'konva',
  'zustand',
  'zod',
]);

function packageName(spec) {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isInside(file, dir) {
  const rel = path.relative(path.join(ROOT, dir), file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function layerOf(file) {
  return LAYERS.find((l) => isInside(file, l.dir));
}

function check(context, node, spec) {
  if (typeof spec !== 'string') return;
  const file = context.filename;
  const layer = layerOf(file);
  if (!layer) return;
  const report = (what) =>
    context.report({ node, message: `Bad layering: ${layer.dir} may not import ${what} (${layer.why}).` });
  if (spec.startsWith('.')) {
    const target = path.resolve(path.dirname(file), spec);
    if (!layer.allowDirs.some((dir) => isInside(target, dir))) report(`'${path.relative(ROOT, target)}'`);
    return;
  }
  const name = packageName(spec);
  const isNodeBuiltin = spec.startsWith('node:');
  if (layer.layer === 'core' && isNodeBuiltin) return;
  if (layer.layer === 'core' ? !layer.allowPackages(name) : !layer.allowPackages(spec) && !layer.allowPackages(name)) {
    report(`'${spec}'`);
  }
}

export const layering = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      ImportDeclaration: (node) => check(context, node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(context, node.source, node.source.value),
      ExportAllDeclaration: (node) => check(context, node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(context, node.source, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(context, node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
