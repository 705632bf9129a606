// `npm run analyze` writes custom-elements.json from the JSDoc in src/. Paths point at what the
// package ships (dist/*.js), not at the TypeScript sources, which are not in the tarball.
const KEPT_STYLES = '\u0000styles';
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
      // The Lit plugin drops every member named `styles` (meaning Lit's static styles), which takes the element's
      // `styles` property with it: set it aside under another name, and give it back once the deny list has run.
      name: 'keep-styles-property',
      analyzePhase({ moduleDoc }) {
        for (const declaration of moduleDoc?.declarations ?? []) {
          for (const member of declaration.members ?? []) if (member.name === 'styles' && !member.static) member.name = KEPT_STYLES;
        }
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            for (const member of declaration.members ?? []) if (member.name === KEPT_STYLES) member.name = 'styles';
          }
        }
      },
    },
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
