/** How many `{{n}}` parameters a template body takes (the highest n). */
export function templateParamCount(body: string): number {
  let max = 0;
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** The template as the contact will read it; missing parameters stay visible as `{{n}}`. */
export function renderTemplatePreview(body: string, params: readonly string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => params[Number(n) - 1]?.trim() || whole);
}

/** The "/word" being typed at the caret, or null. */
export function slashQuery(text: string, caret: number): string | null {
  const before = text.slice(0, caret);
  const m = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  return m ? m[1] : null;
}
