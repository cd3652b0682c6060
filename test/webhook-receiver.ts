// A local HTTP endpoint that collects the JSON bodies posted to it: the receiving end of
// --notify-webhook in tests.
import { createServer } from 'node:http';

export async function webhookReceiver(): Promise<{ url: string; received: unknown[]; close: () => void }> {
  const received: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, received, close: () => server.close() };
}
