/** Runs `work` while every Worker the page starts runs `source` instead of its own script. */
export async function withWorkerScript<T>(source: string, work: () => Promise<T>): Promise<T> {
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(_url: string | URL, options?: WorkerOptions) {
      super(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), options);
    }
  };
  try {
    return await work();
  } finally {
    window.Worker = PageWorker;
  }
}
