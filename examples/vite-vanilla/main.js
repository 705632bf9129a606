import 'style-transfer-element';
// A stylesheet, not a style attribute: the strict-CSP check forbids inline styles.
import './style.css';

const el = document.querySelector('style-transfer');
const result = document.getElementById('result');

el.addEventListener('stylized', (e) => {
  const { width, height, durationMs, backend, model } = e.detail;
  result.textContent = `stylized ${width}×${height} in ${Math.round(durationMs)} ms (${backend}, ${model})`;
  document.body.dataset.stylized = `${width}x${height}`;
});
el.addEventListener('error', (e) => {
  result.textContent = `error: ${e.detail.type}: ${e.detail.message}`;
  document.body.dataset.error = `${e.detail.type}: ${e.detail.message}`;
});
