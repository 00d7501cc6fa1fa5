import { type FakeAnswer, isRead, NOT_A_READ, text } from './answers.js';

/**
 * The KSeF API 2.0 under `/v2`. For now it answers only what a connectivity probe needs: the real API has no
 * resource at its root, so the base, like every path the fake does not serve yet, answers a bare 404 — an answer
 * below 500, which is all a probe asks. Sessions, invoices and UPO (issue 10) are routed from here.
 */
export function answerApi(method: string, path: string): FakeAnswer {
  if (!isRead(method)) return NOT_A_READ;
  return text(404, `no KSeF resource at ${path}\n`);
}
