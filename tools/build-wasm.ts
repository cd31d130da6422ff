// `npm run wasm:build`: compiles the WebAssembly kernels (*.wat) into the generated TypeScript modules that carry
// them. Byte for byte reproducible; tests/provenance/pixelKernel.test.ts checks the committed files.
import { writeFile } from 'node:fs/promises';
import { generateKernelModule, kernelPath, WASM_KERNELS } from './build/wasmKernels.ts';

for (const kernel of WASM_KERNELS) {
  await writeFile(kernelPath(kernel.generated), await generateKernelModule(kernel));
  console.log(`${kernel.source} → ${kernel.generated}`);
}
