import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import 'style-transfer-element';
import type { StylizedEventDetail, ErrorEventDetail } from 'style-transfer-element';

@Component({
  selector: 'app-root',
  // <style-transfer> is a custom element, not an Angular component.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <h1>&lt;style-transfer&gt; with Angular</h1>
    <style-transfer
      content-src="/images/content/beach.jpg"
      style-src="/images/style/stripes.jpg"
      style="width: 256px"
      (stylized)="onStylized($event.detail)"
      (error)="onError($event.detail)"
    ></style-transfer>
    <output id="result">{{ result() }}</output>
  `,
})
export class App {
  readonly result = signal('waiting…');

  onStylized({ width, height, durationMs, backend, model }: StylizedEventDetail): void {
    this.result.set(`stylized ${width}×${height} in ${Math.round(durationMs)} ms (${backend}, ${model})`);
    document.body.dataset['stylized'] = `${width}x${height}`;
  }

  onError({ type, message }: ErrorEventDetail): void {
    this.result.set(`error: ${type}: ${message}`);
    document.body.dataset['error'] = `${type}: ${message}`;
  }
}
