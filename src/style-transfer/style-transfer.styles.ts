import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    max-width: 100%;
    /* Set by the element from width/height or the result's size: any size the page's CSS gives wins. */
    width: var(--_style-transfer-width, auto);
    height: var(--_style-transfer-height, auto);
    aspect-ratio: var(--_style-transfer-aspect-ratio, auto);
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

  [part='loading'] {
    position: absolute;
    inset: 0;
    overflow: hidden;
    background: var(--style-transfer-loading-background, rgb(128 128 128 / 0.12));
  }

  [part='loading'] .bar {
    position: absolute;
    left: 0;
    right: 0;
    bottom: 0;
    height: var(--style-transfer-progress-height, 3px);
    background: var(--style-transfer-progress-color, currentColor);
    transform-origin: left;
    transition: transform 0.3s ease-out;
  }

  @media (prefers-reduced-motion: reduce) {
    [part='loading'] .bar {
      transition: none;
    }
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
