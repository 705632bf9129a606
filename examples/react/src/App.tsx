import { useState } from 'react';
// The typed React wrapper; importing it also registers <style-transfer> and types the raw tag in JSX.
import { StyleTransfer } from 'style-transfer-element/react';

// The bare tag, typed by the package's JSX IntrinsicElements (attribute values, React 19's `on<event>`
// listeners). Rendered only with ?raw in the URL, so the page shows a single element.
function RawTag() {
  return (
    <style-transfer
      content-src="/images/content/beach.jpg"
      style-src="/images/style/stripes.jpg"
      strength={0.8}
      onstylized={(e) => console.log(`raw tag: ${e.detail.width}×${e.detail.height}`)}
    />
  );
}

export function App() {
  const [result, setResult] = useState('waiting…');
  const showRaw = new URLSearchParams(location.search).has('raw');

  return (
    <main>
      <h1>&lt;style-transfer&gt; with React</h1>
      <StyleTransfer
        contentSrc="/images/content/beach.jpg"
        styleSrc="/images/style/stripes.jpg"
        style={{ width: 256 }}
        onStylized={(e) => {
          const { width, height, durationMs, backend, model } = e.detail;
          setResult(`stylized ${width}×${height} in ${Math.round(durationMs)} ms (${backend}, ${model})`);
          document.body.dataset.stylized = `${width}x${height}`;
        }}
        onError={(e) => {
          setResult(`error: ${e.detail.type}: ${e.detail.message}`);
          document.body.dataset.error = `${e.detail.type}: ${e.detail.message}`;
        }}
      />
      <output id="result">{result}</output>
      {showRaw && <RawTag />}
    </main>
  );
}
