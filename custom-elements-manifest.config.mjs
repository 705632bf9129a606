// `npm run analyze` writes custom-elements.json from the JSDoc in src/. Paths point at what the
// package ships (dist/*.js), not at the TypeScript sources, which are not in the tarball.
const toDist = (path) => path?.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');

export default {
  globs: ['src/**/*.ts'],
  // Not TypeScript for the browser: the kernels' AssemblyScript, and their compiled bytes.
  exclude: ['src/react/**', 'src/vue/**', 'src/**/*.as.ts', 'src/**/*.wasm.ts'],
  litelement: true,
  // package.json names custom-elements.json itself: the staleness check writes elsewhere and must not repoint it.
  packagejson: false,
  plugins: [
    {
      name: 'dist-paths',
      packageLinkPhase({ customElementsManifest }) {
        // The analyzer's module order can change between runs: sort it, so the file is reproducible.
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
        for (const module of customElementsManifest.modules) {
          module.path = toDist(module.path);
          for (const item of [...(module.declarations ?? []), ...(module.exports ?? [])]) {
            if (item.declaration?.module) item.declaration.module = toDist(item.declaration.module);
            if (item.superclass?.module) item.superclass.module = toDist(item.superclass.module);
            for (const member of [...(item.members ?? []), ...(item.attributes ?? [])]) {
              if (member.inheritedFrom?.module) member.inheritedFrom.module = toDist(member.inheritedFrom.module);
            }
          }
        }
      },
    },
  ],
};
