// Export of the comparison page: the chart as SVG and PNG, the numbers as CSV, each offered as a
// file the browser downloads. Everything is made in the page: a report file has no server.

/** The chart as a standalone SVG document (XML declaration, namespace on the root). */
export function serializeChart(chart: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(chart)}\n`;
}

/** The chart drawn onto a canvas at twice its size, as PNG bytes. */
export async function renderChartPng(chart: SVGSVGElement): Promise<Blob> {
  const width = Number(chart.getAttribute('width'));
  const height = Number(chart.getAttribute('height'));
  // A data: address, not a blob: one: the web report's Content-Security-Policy allows images
  // from 'self' and data: only.
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serializeChart(chart))}`;
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    image.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas in this browser');
  context.scale(2, 2);
  context.drawImage(image, 0, 0, width, height);
  return await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** Offers a blob as a download named `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start the download only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
