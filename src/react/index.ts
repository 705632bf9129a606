/**
 * React bindings: `<StyleTransfer>`, a typed wrapper made with @lit/react
 * (`onStylized`, `onError`), and JSX typings for the bare `<style-transfer>` tag.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { StyleTransferElement } from '../style-transfer/style-transfer.js';
import type { StyleTransferErrorEvent, StylizedEvent } from '../style-transfer/style-transfer.events.js';
import type { StyleTransferAttributes } from '../style-transfer/style-transfer.attributes.js';

export const StyleTransfer = createComponent({
  tagName: 'style-transfer',
  elementClass: StyleTransferElement,
  react: React,
  events: {
    onStylized: 'stylized' as EventName<StylizedEvent>,
    onError: 'error' as EventName<StyleTransferErrorEvent>,
  },
  displayName: 'StyleTransfer',
});

/** The bare tag in JSX: its attributes, and React 19's `on<event>` listeners for its events. */
export type StyleTransferJsxProps = React.DetailedHTMLProps<React.HTMLAttributes<StyleTransferElement>, StyleTransferElement> &
  StyleTransferAttributes & {
    onstylized?: (event: StylizedEvent) => void;
    onerror?: (event: StyleTransferErrorEvent) => void;
  };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'style-transfer': StyleTransferJsxProps;
    }
  }
}
