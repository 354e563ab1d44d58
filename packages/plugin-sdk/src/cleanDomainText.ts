// C0 and C1 control characters except tab and line feed; carriage returns go too, so CRLF files become LF.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;

/**
 * Domain text as the speech runtime takes it: the byte-order mark and every control character except `\n` and `\t`
 * removed.
 */
export function cleanDomainText(text: string): string {
  return text.replace(/^\uFEFF/u, '').replace(CONTROL, '');
}
