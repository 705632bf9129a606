/**
 * Vue 3 template typings for `<style-transfer>`: `import type {} from 'style-transfer-element/vue'`
 * once in the app (Vue also needs `compilerOptions.isCustomElement`, see the README).
 */
import type { DefineComponent } from 'vue';
import type { StyleTransferAttributes } from '../style-transfer/style-transfer.attributes.js';
import type { StyleTransferErrorEvent, StyleTransferFrameEvent, StyleTransferProgressEvent, StylizedEvent } from '../style-transfer/style-transfer.events.js';

export type StyleTransferVueProps = StyleTransferAttributes & {
  onStylized?: (event: StylizedEvent) => void;
  onFrame?: (event: StyleTransferFrameEvent) => void;
  onProgress?: (event: StyleTransferProgressEvent) => void;
  onError?: (event: StyleTransferErrorEvent) => void;
};

declare module 'vue' {
  interface GlobalComponents {
    'style-transfer': DefineComponent<StyleTransferVueProps>;
  }
}
