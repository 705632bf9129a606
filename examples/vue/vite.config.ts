import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      // What the package README asks Vue users to add: <style-transfer> is a custom element, not a Vue component.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'style-transfer' } },
    }),
  ],
});
