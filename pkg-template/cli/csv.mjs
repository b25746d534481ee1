// A small RFC 4180 CSV reader: comma-separated fields, CRLF or LF line ends, fields in
// double quotes may hold commas, line breaks and doubled quotes (""). Strict about
// quotes, because a stray one usually means the columns are shifted.

/** A CSV that cannot be read; `line` is 1-based. */
export class CsvError extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

/**
 * The records of `text` as `[{ line, fields }]` (`line`: where the record starts). A
 * leading BOM and empty lines are skipped. Throws CsvError for an unterminated quoted
 * field, text after a closing quote, or a quote inside an unquoted field.
 */
export function parseCsv(text) {
  const records = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new CsvError('a quoted field is not closed', start);
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          throw new CsvError('unexpected text after a closing quote', line);
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') throw new CsvError('a quote inside an unquoted field (quote the whole field and double the quote)', line);
          field += text[i++];
        }
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}
