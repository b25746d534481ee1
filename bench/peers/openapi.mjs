// The request schema of spec/update-lead.openapi.yaml as a JSON Schema for ajv. The spec
// uses a small block-style subset of YAML (maps, lists, plain or quoted scalars, `{}`),
// so a tiny reader is enough and the bench needs no YAML dependency.
import { readFileSync } from 'node:fs';

function scalar(text) {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (/^'.*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^".*"$/.test(text)) return JSON.parse(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Parses the block YAML subset: `key: value`, `key:` + nested block, `- item`. */
export function readYaml(text) {
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;
  const block = (indent) => (lines[i].text.startsWith('- ') ? list(indent) : map(indent));
  const map = (indent) => {
    const out = {};
    while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith('- ')) {
      entry(out, lines[i].text, indent);
    }
    return out;
  };
  // One `key: value` (the line at i); a key with no value owns the deeper block below it.
  const entry = (out, line, indent) => {
    const m = /^('[^']*'|"[^"]*"|[^:]+):(?: (.*))?$/.exec(line);
    if (!m) throw new Error(`cannot read YAML line ${i + 1}: ${line}`);
    const key = scalar(m[1]);
    i++;
    if (m[2] !== undefined) out[key] = scalar(m[2].trim());
    else if (i < lines.length && (lines[i].indent > indent || (lines[i].indent === indent && lines[i].text.startsWith('- ')))) {
      out[key] = block(lines[i].indent);
    } else out[key] = null;
  };
  const list = (indent) => {
    const out = [];
    while (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('- ')) {
      const rest = lines[i].text.slice(2);
      if (!/^[^'"]*?: |^[^'"]*:$/.test(rest)) {
        out.push(scalar(rest));
        i++;
        continue;
      }
      // `- key: value` starts a map whose other keys sit two columns deeper.
      const item = {};
      entry(item, rest, indent + 2);
      while (i < lines.length && lines[i].indent === indent + 2 && !lines[i].text.startsWith('- ')) {
        entry(item, lines[i].text, indent + 2);
      }
      out.push(item);
    }
    return out;
  };
  return block(lines[0].indent);
}

/** OpenAPI 3.0 `nullable: true` -> JSON Schema `type: [t, "null"]`, recursively. */
function convertNullable(schema) {
  if (Array.isArray(schema)) return schema.map(convertNullable);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable' || k === 'description') continue;
    out[k] = convertNullable(v);
  }
  if (schema.nullable === true) out.type = [schema.type, 'null'];
  return out;
}

/** The `PATCH /leads/{id}` request body schema, ready for `ajv.compile`. */
export function requestSchema(specPath) {
  const doc = readYaml(readFileSync(specPath, 'utf8'));
  return convertNullable(doc.paths['/leads/{id}'].patch.requestBody.content['application/json'].schema);
}
