/**
 * React bindings: `<StyleTransfer>`, a typed wrapper made with @lit/react
 * (`onStylized`, `onFrame`, `onProgress`, `onError`), and JSX typings for the bare `<style-transfer>` tag.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { StyleTransferElement } from '../style-transfer/style-transfer.js';
import type { StyleTransferErrorEvent, StyleTransferFrameEvent, StyleTransferProgressEvent, StylizedEvent } from '../style-transfer/style-transfer.events.js';
import type { StyleTransferAttributes } from '../style-transfer/style-transfer.attributes.js';

export const StyleTransfer = createComponent({
  tagName: 'style-transfer',
  elementClass: StyleTransferElement,
  react: React,
  events: {
    onStylized: 'stylized' as EventName<StylizedEvent>,
    onFrame: 'frame' as EventName<StyleTransferFrameEvent>,
    onProgress: 'progress' as EventName<StyleTransferProgressEvent>,
    onError: 'error' as EventName<StyleTransferErrorEvent>,
  },
  displayName: 'StyleTransfer',
});

/** The bare tag in JSX: its attributes, and React 19's `on<event>` listeners for its events. */
export type StyleTransferJsxProps = React.DetailedHTMLProps<React.HTMLAttributes<StyleTransferElement>, StyleTransferElement> &
  StyleTransferAttributes & {
    onstylized?: (event: StylizedEvent) => void;
    onframe?: (event: StyleTransferFrameEvent) => void;
    onprogress?: (event: StyleTransferProgressEvent) => void;
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
