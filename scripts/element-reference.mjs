#!/usr/bin/env node
// Writes docs/reference/element.md, the element's reference, from custom-elements.json (which
// `npm run analyze` writes from the JSDoc in src/): tag, summary, attributes, properties without an
// attribute, methods, events, slots, CSS parts and CSS custom properties of each custom element in it.
//
//   node scripts/element-reference.mjs           rewrites docs/reference/element.md
//   node scripts/element-reference.mjs --check   exits 1 if docs/reference/element.md is not what it would write
//
// `npm run api` runs it too, and `npm run api:check` fails when the page is stale.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
export const MANIFEST = 'custom-elements.json';
export const REFERENCE = 'docs/reference/element.md';

/** Text for one table cell: one line, `|` escaped (GFM splits cells on it, even inside code spans). */
const cell = (text) =>
  String(text ?? '')
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' '))
    .join('<br><br>')
    .replace(/\|/g, '\\|');
/** A code span for one table cell (longer fences where the text holds backticks). */
const code = (text) => {
  if (text === undefined || text === null || text === '') return '—';
  const line = cell(text);
  const fence = '`'.repeat(Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return fence.length > 1 || /^`|`$/.test(line) ? `${fence} ${line} ${fence}` : `${fence}${line}${fence}`;
};
const describe = (item) => cell([item.deprecated ? `**Deprecated**${typeof item.deprecated === 'string' ? `: ${item.deprecated}` : '.'}` : '', item.summary, item.description].filter(Boolean).join(' ')) || '—';

function table(headers, rows) {
  if (rows.length === 0) return 'None.\n';
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n') + '\n';
}

const isPublic = (member) => (member.privacy ?? 'public') === 'public' && !/^[#_]/.test(member.name);
const inherited = (member) => (member.inheritedFrom ? ` (from \`${member.inheritedFrom.name}\`)` : '');

function signature(method) {
  const parameters = (method.parameters ?? []).map((parameter) => {
    const name = `${parameter.rest ? '...' : ''}${parameter.name}${parameter.optional && parameter.default === undefined ? '?' : ''}`;
    return `${name}${parameter.type?.text ? `: ${parameter.type.text}` : ''}${parameter.default !== undefined ? ` = ${parameter.default}` : ''}`;
  });
  const returns = method.return?.type?.text;
  return `${method.name}(${parameters.join(', ')})${returns ? `: ${returns}` : ''}`;
}

/** The `detail` type of an event typed `CustomEvent<Detail>`; its own type otherwise. */
function detailType(event) {
  const type = event.type?.text?.trim();
  return type?.match(/^CustomEvent\s*<([\s\S]*)>$/)?.[1].trim() ?? type;
}

function renderElement(declaration, modulePath, definedIn) {
  const { name, tagName } = declaration;
  const members = (declaration.members ?? []).filter(isPublic);
  const fields = members.filter((member) => member.kind === 'field');
  const attributes = declaration.attributes ?? [];
  // An attribute's property is an instance field. (The analyzer sometimes ties an attribute to a static field
  // of the same name, and takes its text from there: the instance field's own doc wins.)
  const fieldOf = (attribute) => fields.find((field) => !field.static && field.name === attribute.fieldName);
  const withAttribute = new Set(attributes.map((attribute) => attribute.fieldName).filter(Boolean));

  const out = [`## ${tagName ? `\`<${tagName}>\`` : `\`${name}\``}`, ''];
  const superclass = declaration.superclass ? `, extends \`${declaration.superclass.name}\`${declaration.superclass.package ? ` (\`${declaration.superclass.package}\`)` : ''}` : '';
  out.push(`Class \`${name}\` in \`${modulePath}\`${superclass}.${definedIn.length ? ` Registered by \`${definedIn.join('`, `')}\`.` : ''}`, '');
  if (declaration.summary) out.push(`**${declaration.summary.trim()}**`, '');
  if (declaration.description) out.push(declaration.description.trim(), '');
  if (declaration.deprecated) out.push(`**Deprecated**${typeof declaration.deprecated === 'string' ? `: ${declaration.deprecated}` : '.'}`, '');

  out.push('### Attributes', '');
  out.push(
    table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      attributes.map((attribute) => {
        const field = fieldOf(attribute);
        const source = field ?? attribute;
        const reflects = field?.reflects ? ' (reflected)' : '';
        return [
          `${code(attribute.name)}${reflects}`,
          code(attribute.fieldName),
          code(source.type?.text ?? attribute.type?.text),
          code(source.default ?? attribute.default),
          describe(field?.description ? field : attribute) + inherited(attribute),
        ];
      }),
    ),
  );

  out.push('### Properties without an attribute', '');
  out.push(
    table(
      ['Property', 'Type', 'Default', 'Description'],
      fields
        .filter((field) => !field.static && !withAttribute.has(field.name))
        .map((field) => [`${code(field.name)}${field.readonly ? ' (read-only)' : ''}`, code(field.type?.text), code(field.default), describe(field) + inherited(field)]),
    ),
  );

  out.push('### Static properties', '');
  out.push(
    table(
      ['Property', 'Type', 'Default', 'Description'],
      fields
        .filter((field) => field.static)
        .map((field) => [`${code(`${name}.${field.name}`)}${field.readonly ? ' (read-only)' : ''}`, code(field.type?.text), code(field.default), describe(field) + inherited(field)]),
    ),
  );

  out.push('### Methods', '');
  out.push(
    table(
      ['Method', 'Description'],
      members
        .filter((member) => member.kind === 'method')
        .map((method) => [code(method.static ? `${name}.${signature(method)}` : signature(method)) + (method.static ? ' (static)' : ''), describe(method) + inherited(method)]),
    ),
  );

  out.push('### Events', '');
  out.push(table(['Event', 'Detail type', 'Description'], (declaration.events ?? []).filter((event) => event.name).map((event) => [code(event.name), code(detailType(event)), describe(event) + inherited(event)])));

  out.push('### Slots', '');
  out.push(table(['Slot', 'Description'], (declaration.slots ?? []).map((slot) => [slot.name ? code(slot.name) : '(default)', describe(slot)])));

  out.push('### CSS parts', '');
  out.push(table(['Part', 'Description'], (declaration.cssParts ?? []).map((part) => [code(part.name), describe(part)])));

  out.push('### CSS custom properties', '');
  out.push(
    table(
      ['Property', 'Default', 'Description'],
      (declaration.cssProperties ?? []).map((property) => [
        `${code(property.name)}${property.syntax ? ` (syntax ${code(property.syntax)})` : ''}`,
        code(property.default),
        describe(property),
      ]),
    ),
  );
  return out.join('\n');
}

/** The Markdown page for a parsed custom-elements.json. */
export function renderElementReference(manifest) {
  const elements = [];
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.customElement && !declaration.tagName) continue;
      const definedIn = (manifest.modules ?? [])
        .filter((other) => (other.exports ?? []).some((entry) => entry.kind === 'custom-element-definition' && entry.declaration?.name === declaration.name))
        .map((other) => other.path);
      elements.push(renderElement(declaration, module.path, definedIn));
    }
  }
  return [
    '# Element reference',
    '',
    `<!-- Generated by scripts/element-reference.mjs from ${MANIFEST}: do not edit. \`npm run docs:reference\` (or \`npm run api\`) rewrites it. -->`,
    '',
    elements.length ? elements.join('\n') : `No custom element in ${MANIFEST}.\n`,
  ].join('\n');
}

/** Writes the page, or with `check` compares it: resolves to true when the file on disk was already up to date. */
export async function elementReference({ check = false } = {}) {
  const manifest = JSON.parse(await readFile(new URL(MANIFEST, root), 'utf8'));
  const expected = renderElementReference(manifest);
  const target = new URL(REFERENCE, root);
  const actual = await readFile(target, 'utf8').catch(() => undefined);
  if (actual === expected) return true;
  if (!check) {
    await mkdir(new URL('./', target), { recursive: true });
    await writeFile(target, expected);
  }
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const upToDate = await elementReference({ check });
  if (check && !upToDate) {
    console.error(`${REFERENCE} is stale compared to ${MANIFEST}: run \`npm run docs:reference\` (or \`npm run api\`) and commit it`);
    process.exit(1);
  }
  console.log(`${REFERENCE}: ${upToDate ? 'up to date' : 'written'}`);
}
