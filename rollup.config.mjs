// Builds dist/: ES modules (one per source file, so the component class can be
// imported without registering it) plus .d.ts files. Dependencies stay external.
import typescript from '@rollup/plugin-typescript';
import pkg from './package.json' with { type: 'json' };

const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)];

export default {
  input: ['src/index.ts', 'src/style-transfer/style-transfer.component.ts', 'src/engine/index.ts'],
  output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
  external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
  plugins: [typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: true, declarationDir: 'dist' })],
};
