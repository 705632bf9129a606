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
`;
