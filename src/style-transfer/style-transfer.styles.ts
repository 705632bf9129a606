import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    max-width: 100%;
  }

  :host([hidden]) {
    display: none;
  }

  canvas {
    display: block;
    width: 100%;
    height: 100%;
    max-width: 100%;
    object-fit: var(--style-transfer-object-fit, contain);
    transition: opacity 0.2s;
  }

  canvas[hidden] {
    display: none;
  }

  :host([busy]) canvas {
    opacity: var(--style-transfer-busy-opacity, 0.6);
  }

  [part='error'] {
    box-sizing: border-box;
    margin: 0.25em 0;
    padding: 0.5em 0.75em;
    border-left: 0.25em solid currentColor;
    border-radius: 0.25em;
    color: var(--style-transfer-error-color, #7f1d1d);
    background: var(--style-transfer-error-background, #fef2f2);
    font: 0.875rem/1.4 system-ui, sans-serif;
    overflow-wrap: anywhere;
  }

  [part='error'][hidden] {
    display: none;
  }
`;
