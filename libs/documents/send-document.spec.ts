import { contentDisposition } from './send-document';

describe('contentDisposition', () => {
  it('gives the ASCII name and what the document is in its language (RFC 5987)', () => {
    expect(contentDisposition('charges-2666-2026-10.pdf', 'Расшифровка начислений 2026-10 vk2666')).toBe(
      `attachment; filename="charges-2666-2026-10.pdf"; filename*=UTF-8''%D0%A0%D0%B0%D1%81%D1%88%D0%B8%D1%84%D1%80%D0%BE%D0%B2%D0%BA%D0%B0%20%D0%BD%D0%B0%D1%87%D0%B8%D1%81%D0%BB%D0%B5%D0%BD%D0%B8%D0%B9%202026-10%20vk2666.pdf`,
    );
  });

  it("escapes what RFC 5987 does not allow bare and replaces what no file system takes", () => {
    expect(contentDisposition('a.pdf', "Сверка (1/2) O'Neil*")).toBe(`attachment; filename="a.pdf"; filename*=UTF-8''%D0%A1%D0%B2%D0%B5%D1%80%D0%BA%D0%B0%20%281-2%29%20O%27Neil-.pdf`);
  });

  it('gives the ASCII name alone for a document without a title', () => {
    expect(contentDisposition('charges 2666.pdf', null)).toBe('attachment; filename="charges_2666.pdf"');
  });
});
