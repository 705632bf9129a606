/** Registers <style-transfer>. Import style-transfer.component.js instead for the class without side effects. */
import { StyleTransferElement } from './style-transfer.component.js';

export { StyleTransferElement };
export type * from './style-transfer.events.js';
export type { TypedListener } from './style-transfer.component.js';
export type { StyleTransferAttributes } from './style-transfer.attributes.js';

if (typeof customElements !== 'undefined' && !customElements.get('style-transfer')) {
  customElements.define('style-transfer', StyleTransferElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'style-transfer': StyleTransferElement;
  }
}
