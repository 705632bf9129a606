'use client';
import dynamic from 'next/dynamic';
import { useState } from 'react';

// The element runs in the browser only: the typed React wrapper, imported on the client (not prerendered). React
// does not attach a bare tag's `on<event>` props while it hydrates prerendered HTML, so the wrapper also keeps
// onStylized/onError working.
const StyleTransfer = dynamic(() => import('style-transfer-element/react').then((m) => m.StyleTransfer), { ssr: false });

export default function Page() {
  const [result, setResult] = useState('waiting…');

  return (
    <main>
      <h1>&lt;style-transfer&gt; with Next.js</h1>
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
    </main>
  );
}
